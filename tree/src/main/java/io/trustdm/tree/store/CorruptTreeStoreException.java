package io.trustdm.tree.store;

/**
 * The snapshot file is damaged: wrong magic, a checksum that does not match, a truncated record, a sealed value whose
 * GCM tag fails under the right key, or nodes that do not form a tree. The device must not run on a guess; the
 * operator restores a backup or re-bootstraps.
 */
public final class CorruptTreeStoreException extends TreeStoreException {
    private static final long serialVersionUID = 1L;

    public CorruptTreeStoreException(String message) {
        super(message);
    }

    public CorruptTreeStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
