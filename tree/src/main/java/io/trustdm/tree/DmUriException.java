package io.trustdm.tree;

/**
 * A management-tree URI that cannot be used, with the DM status the device answers: 400 when it is malformed, 404 when
 * it cannot be resolved (a {@code ..} segment, a leading {@code /}), 406 when a {@code ?list=} attribute or a
 * {@code ?prop=} property is not supported, 414 when it breaks the DevDetail/URI limits.
 */
public final class DmUriException extends TreeException {
    private static final long serialVersionUID = 1L;

    public DmUriException(int status, String message) {
        super(status, message);
    }
}
