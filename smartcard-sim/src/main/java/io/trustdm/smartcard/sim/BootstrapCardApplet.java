package io.trustdm.smartcard.sim;

import javacard.framework.APDU;
import javacard.framework.Applet;
import javacard.framework.ISO7816;
import javacard.framework.ISOException;
import javacard.framework.Util;

/**
 * A Java Card applet playing the PKCS#15 application of a personalised SIM: transparent EFs selected by file
 * identifier and read with READ BINARY, written by the issuer during personalisation and read-only afterwards (READ
 * ALW, UPDATE ADM as in the typical access conditions of security.md §6.2).
 *
 * <p>Commands: SELECT by FID ({@code 00 A4 00 04|0C 02 fid}, FCP {@code 62 {80 size, 82 01 01, 83 fid}} with P2 04),
 * READ BINARY ({@code 00 B0}), and while personalising: CREATE FILE ({@code 80 E0 00 00 04 fid size}), UPDATE BINARY
 * ({@code 00 D6}), END PERSONALISATION ({@code 80 E6 00 00}). A file read past what was written (an interrupted
 * personalisation) answers the written part with 62 82, "end of file reached before reading Le bytes".
 */
public final class BootstrapCardApplet extends Applet {
    private static final short MAX_FILES = 8;
    private static final byte INS_CREATE_FILE = (byte) 0xE0;
    private static final byte INS_END_PERSONALISATION = (byte) 0xE6;
    private static final short SW_END_OF_FILE = (short) 0x6282;

    private final short[] fids = new short[MAX_FILES];
    private final short[] sizes = new short[MAX_FILES];
    private final short[] written = new short[MAX_FILES];
    private final Object[] contents = new Object[MAX_FILES];
    private short count;
    private short selected = -1;
    private boolean personalised;

    private BootstrapCardApplet() {
        register();
    }

    /** Called by the Java Card runtime (or jcardsim) on installation. */
    public static void install(byte[] params, short offset, byte length) {
        new BootstrapCardApplet();
    }

    @Override
    public void process(APDU apdu) {
        if (selectingApplet()) {
            selected = -1;
            return;
        }
        byte[] buf = apdu.getBuffer();
        byte cla = (byte) (buf[ISO7816.OFFSET_CLA] & (byte) 0xFC);
        byte ins = buf[ISO7816.OFFSET_INS];
        if (cla == (byte) 0x00) {
            switch (ins) {
                case ISO7816.INS_SELECT:
                    select(apdu, buf);
                    return;
                case (byte) 0xB0:
                    readBinary(apdu, buf);
                    return;
                case (byte) 0xD6:
                    updateBinary(apdu, buf);
                    return;
                default:
                    ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
            }
        } else if (cla == (byte) 0x80) {
            if (ins == INS_CREATE_FILE) {
                createFile(apdu, buf);
            } else if (ins == INS_END_PERSONALISATION) {
                personalised = true;
            } else {
                ISOException.throwIt(ISO7816.SW_INS_NOT_SUPPORTED);
            }
        } else {
            ISOException.throwIt(ISO7816.SW_CLA_NOT_SUPPORTED);
        }
    }

    private void select(APDU apdu, byte[] buf) {
        if (buf[ISO7816.OFFSET_P1] != 0x00) {
            ISOException.throwIt(ISO7816.SW_INCORRECT_P1P2);
        }
        short lc = apdu.setIncomingAndReceive();
        if (lc != 2) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        short fid = Util.getShort(buf, ISO7816.OFFSET_CDATA);
        short i = find(fid);
        if (i < 0) {
            ISOException.throwIt(ISO7816.SW_FILE_NOT_FOUND);
        }
        selected = i;
        if (buf[ISO7816.OFFSET_P2] == 0x0C) {
            return;
        }
        short n = 0;
        buf[n++] = 0x62;
        buf[n++] = 11;
        buf[n++] = (byte) 0x80;
        buf[n++] = 2;
        n = Util.setShort(buf, n, sizes[i]);
        buf[n++] = (byte) 0x82;
        buf[n++] = 1;
        buf[n++] = 0x01; // transparent working EF
        buf[n++] = (byte) 0x83;
        buf[n++] = 2;
        n = Util.setShort(buf, n, fid);
        apdu.setOutgoingAndSend((short) 0, n);
    }

    private void readBinary(APDU apdu, byte[] buf) {
        if (selected < 0) {
            ISOException.throwIt(ISO7816.SW_COMMAND_NOT_ALLOWED);
        }
        short offset = (short) (Util.getShort(buf, ISO7816.OFFSET_P1) & 0x7FFF);
        short have = written[selected];
        if (offset >= sizes[selected]) {
            ISOException.throwIt(ISO7816.SW_WRONG_P1P2);
        }
        // READ BINARY is case 2: the octet after P2 is Le (00 = 256); jcardsim's setOutgoing() does not report it
        short le = (short) (buf[ISO7816.OFFSET_LC] & 0xFF);
        if (le == 0) {
            le = 256;
        }
        apdu.setOutgoing();
        short available = (short) (have - offset);
        if (available < 0) {
            available = 0;
        }
        short n = le < available ? le : available;
        apdu.setOutgoingLength(n);
        apdu.sendBytesLong((byte[]) contents[selected], offset, n);
        if (n < le && have < sizes[selected]) {
            ISOException.throwIt(SW_END_OF_FILE);
        }
    }

    private void updateBinary(APDU apdu, byte[] buf) {
        if (personalised) {
            ISOException.throwIt(ISO7816.SW_SECURITY_STATUS_NOT_SATISFIED);
        }
        if (selected < 0) {
            ISOException.throwIt(ISO7816.SW_COMMAND_NOT_ALLOWED);
        }
        short offset = (short) (Util.getShort(buf, ISO7816.OFFSET_P1) & 0x7FFF);
        short lc = apdu.setIncomingAndReceive();
        if ((short) (offset + lc) > sizes[selected] || offset < 0) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        Util.arrayCopy(buf, ISO7816.OFFSET_CDATA, (byte[]) contents[selected], offset, lc);
        if ((short) (offset + lc) > written[selected]) {
            written[selected] = (short) (offset + lc);
        }
    }

    private void createFile(APDU apdu, byte[] buf) {
        if (personalised) {
            ISOException.throwIt(ISO7816.SW_CONDITIONS_NOT_SATISFIED);
        }
        short lc = apdu.setIncomingAndReceive();
        if (lc != 4) {
            ISOException.throwIt(ISO7816.SW_WRONG_LENGTH);
        }
        short fid = Util.getShort(buf, ISO7816.OFFSET_CDATA);
        short size = Util.getShort(buf, (short) (ISO7816.OFFSET_CDATA + 2));
        if (size < 0) {
            ISOException.throwIt(ISO7816.SW_WRONG_DATA);
        }
        if (find(fid) >= 0) {
            ISOException.throwIt((short) 0x6A89); // file already exists
        }
        if (count == MAX_FILES) {
            ISOException.throwIt(ISO7816.SW_FILE_FULL);
        }
        fids[count] = fid;
        sizes[count] = size;
        written[count] = 0;
        contents[count] = new byte[size];
        selected = count;
        count++;
    }

    private short find(short fid) {
        for (short i = 0; i < count; i++) {
            if (fids[i] == fid) {
                return i;
            }
        }
        return -1;
    }
}
