package io.trustdm.tree.store;

/**
 * The stored tree cannot be read or written. Subclasses say why when the device can act on it: a damaged file
 * ({@link CorruptTreeStoreException}) or a key that does not open it ({@link WrongDeviceKeyException}).
 */
public class TreeStoreException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public TreeStoreException(String message) {
        super(message);
    }

    public TreeStoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
