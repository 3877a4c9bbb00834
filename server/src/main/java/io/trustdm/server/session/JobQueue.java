package io.trustdm.server.session;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Command;
import java.util.List;
import java.util.Optional;

/**
 * The management jobs waiting for a Device. A session claims one job at a time, sends its commands as one package,
 * and reports each command's outcome; a claimed job is never handed to another session.
 */
public interface JobQueue {
    /** Claims the next queued job of this Device for this session, or empty. */
    Optional<ClaimedJob> claim(String deviceId, String sessionKey);

    /**
     * Called with the commands of a claimed job that are about to be sent, before they leave the server. A durable
     * queue records here that an Exec went out (so the job is never delivered again: Exec is at-most-once) and
     * renews the claim; it throws when the claim is no longer this session's, and the commands are then not sent.
     */
    default void delivering(ClaimedJob job, List<Command> commands) {}

    /** Stores the outcome of every command of a delivered job. */
    void complete(ClaimedJob job, List<OperationResult> results);

    /** Gives a claimed job back (the session ended before the Device answered). */
    void release(ClaimedJob job);

    /** A Generic Alert (1226) or Client Event (1224) the Device sent; linked to a job by its Correlator. */
    void alertReceived(String deviceId, Alert alert);
}
