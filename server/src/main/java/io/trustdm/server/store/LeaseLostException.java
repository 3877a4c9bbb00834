package io.trustdm.server.store;

/**
 * A session tried to deliver or finish a job whose lease it no longer holds (the lease ran out and the job was taken
 * over or settled). The session must not send the job's commands: for an Exec that would break at-most-once.
 */
public final class LeaseLostException extends StorageException {
    private static final long serialVersionUID = 1L;

    public LeaseLostException(String jobId) {
        super("job " + jobId + " is no longer leased to this session");
    }
}
