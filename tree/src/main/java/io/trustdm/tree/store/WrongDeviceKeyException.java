package io.trustdm.tree.store;

/**
 * The snapshot was sealed under another device key than the one in the key file: the secrets in it cannot be opened.
 * Told apart from corruption by the key identifier in the snapshot header.
 */
public final class WrongDeviceKeyException extends TreeStoreException {
    private static final long serialVersionUID = 1L;

    public WrongDeviceKeyException(String message) {
        super(message);
    }
}
