package io.trustdm.smartcard.sim;

import com.licel.jcardsim.base.Simulator;
import java.util.concurrent.atomic.AtomicInteger;
import javacard.framework.AID;
import javax.smartcardio.CardException;

/** Tracks which simulated card owns jcardsim's single per-JVM runtime (see {@link SimulatedCardTerminal}). */
final class CardRuntime {
    private static final AtomicInteger CURRENT = new AtomicInteger();

    private CardRuntime() {}

    static synchronized Simulator newSimulator() {
        return new Simulator();
    }

    /** Called right after {@link #newSimulator()}: the new card now owns the runtime. */
    static int claim() {
        return CURRENT.incrementAndGet();
    }

    static boolean isCurrent(int generation) {
        return CURRENT.get() == generation;
    }

    static void check(int generation, String reader) throws CardException {
        if (!isCurrent(generation)) {
            throw new CardException("the card in " + reader
                    + " was replaced by a newer simulated card (jcardsim has one" + " card runtime per JVM)");
        }
    }

    /**
     * One command APDU to the simulated card with ISO 7816-4 dispatch: only SELECT by DF name (P1 04) selects an
     * applet; every other command, SELECT by file identifier included, goes to the selected applet. (jcardsim's own
     * smartcardio layer treats every SELECT as an applet selection, which makes EF selection impossible.)
     */
    static byte[] dispatch(Simulator simulator, byte[] apdu) {
        if (apdu.length >= 5 && (apdu[0] & 0xFC) == 0x00 && apdu[1] == (byte) 0xA4 && apdu[2] == 0x04) {
            int lc = apdu[4] & 0xFF;
            if (apdu.length < 5 + lc || lc < 5 || lc > 16) {
                return new byte[] {0x67, 0x00};
            }
            byte[] r = null;
            try {
                r = simulator.selectAppletWithResult(new AID(apdu, (short) 5, (byte) lc));
            } catch (RuntimeException e) {
                // no applet with that AID
            }
            return r == null ? new byte[] {0x6A, (byte) 0x82} : r;
        }
        return simulator.transmitCommand(apdu);
    }
}
