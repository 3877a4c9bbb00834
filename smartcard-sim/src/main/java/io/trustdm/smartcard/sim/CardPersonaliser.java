package io.trustdm.smartcard.sim;

import io.trustdm.protocol.smartcard.CardImage;
import java.util.Arrays;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * Writes a {@link CardImage} onto a {@link BootstrapCardApplet} card the way an issuer's personalisation machine
 * would: SELECT the application, CREATE FILE and UPDATE BINARY for each EF, then END PERSONALISATION, after which the
 * files are read-only. The steps are public so a test can stop half-way (an interrupted personalisation).
 */
public final class CardPersonaliser {
    private static final int CHUNK = 0xF0;

    private final CardChannel channel;

    public CardPersonaliser(CardChannel channel) {
        this.channel = channel;
    }

    /** Writes every file of {@code image} and locks the card. */
    public void personalise(CardImage image) throws CardException {
        selectApplication(image.aid());
        for (CardImage.CardFile f : image.files()) {
            createFile(f.fid(), f.content().length);
            write(0, f.content());
        }
        endPersonalisation();
    }

    public void selectApplication(byte[] aid) throws CardException {
        ok(channel.transmit(new CommandAPDU(0x00, 0xA4, 0x04, 0x00, aid)), "SELECT application");
    }

    /** Creates (and selects) an EF of {@code size} octets. */
    public void createFile(int fid, int size) throws CardException {
        ok(
                channel.transmit(new CommandAPDU(0x80, 0xE0, 0x00, 0x00, new byte[] {
                    (byte) (fid >> 8), (byte) fid, (byte) (size >> 8), (byte) size
                })),
                "CREATE FILE");
    }

    /** UPDATE BINARY into the current EF, in chunks. */
    public void write(int offset, byte[] data) throws CardException {
        for (int i = 0; i < data.length; i += CHUNK) {
            int at = offset + i;
            byte[] part = Arrays.copyOfRange(data, i, Math.min(data.length, i + CHUNK));
            ok(channel.transmit(new CommandAPDU(0x00, 0xD6, (at >> 8) & 0x7F, at & 0xFF, part)), "UPDATE BINARY");
        }
    }

    public void endPersonalisation() throws CardException {
        ok(channel.transmit(new CommandAPDU(0x80, 0xE6, 0x00, 0x00)), "END PERSONALISATION");
    }

    private static void ok(ResponseAPDU r, String what) throws CardException {
        if (r.getSW() != 0x9000) {
            throw new CardException(what + " answered " + String.format("%04X", r.getSW()));
        }
    }
}
