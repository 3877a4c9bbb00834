package io.trustdm.protocol.smartcard;

import io.trustdm.protocol.codec.SyncMlFormatException;

/** A card file or card image whose bytes do not follow the layout (bad TLV, truncated value, missing entry). */
public final class CardFormatException extends SyncMlFormatException {
    private static final long serialVersionUID = 1L;

    public CardFormatException(String message, String location) {
        super(message, location, 400, null);
    }
}
