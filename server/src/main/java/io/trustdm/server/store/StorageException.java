package io.trustdm.server.store;

/** A database operation failed (connection, constraint, migration). Unchecked: callers cannot repair it locally. */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public StorageException(String message, Throwable cause) {
        super(message, cause);
    }

    public StorageException(String message) {
        super(message);
    }
}
