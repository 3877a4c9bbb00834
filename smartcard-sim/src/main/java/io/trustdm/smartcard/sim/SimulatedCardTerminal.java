package io.trustdm.smartcard.sim;

import com.licel.jcardsim.base.Simulator;
import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import java.nio.ByteBuffer;
import java.util.HexFormat;
import javacard.framework.AID;
import javax.smartcardio.ATR;
import javax.smartcardio.Card;
import javax.smartcardio.CardChannel;
import javax.smartcardio.CardException;
import javax.smartcardio.CardNotPresentException;
import javax.smartcardio.CardTerminal;
import javax.smartcardio.CommandAPDU;
import javax.smartcardio.ResponseAPDU;

/**
 * A card reader holding a jcardsim Java Card: the same {@code javax.smartcardio} API a PC/SC reader offers, in process,
 * without a daemon. The card can be pulled out and put back.
 *
 * <p>jcardsim 2.2.2 keeps one card runtime per JVM: creating a {@code Simulator} wipes every applet installed before.
 * So only the most recently created terminal (or {@link VpcdCard}) holds a card; an older one refuses to connect
 * rather than talk to someone else's card. Tests using it must not run in parallel.
 */
public final class SimulatedCardTerminal extends CardTerminal {
    private final Simulator simulator;
    private final String name;
    private final int generation;
    private volatile boolean present = true;

    private SimulatedCardTerminal(String name, Simulator simulator) {
        this.name = name;
        this.simulator = simulator;
        this.generation = CardRuntime.claim();
    }

    /** A reader with a fresh (not yet personalised) card carrying the PKCS#15 bootstrap applet. */
    public static SimulatedCardTerminal withBootstrapApplet(String name) {
        Simulator s = CardRuntime.newSimulator();
        byte[] aid = BootstrapCardLayout.PKCS15_AID;
        s.installApplet(new AID(aid, (short) 0, (byte) aid.length), BootstrapCardApplet.class);
        return new SimulatedCardTerminal(name, s);
    }

    /** A reader with a card that has no applications (e.g. a SIM without the DM bootstrap application). */
    public static SimulatedCardTerminal withBlankCard(String name) {
        return new SimulatedCardTerminal(name, CardRuntime.newSimulator());
    }

    /** Pull the card out of the reader. */
    public void removeCard() {
        present = false;
    }

    /** Put it back. */
    public void insertCard() {
        present = true;
    }

    @Override
    public String getName() {
        return name;
    }

    @Override
    public Card connect(String protocol) throws CardException {
        if (!present) {
            throw new CardNotPresentException("no card in " + name);
        }
        CardRuntime.check(generation, name);
        return new SimulatedCard(this, simulator, generation);
    }

    @Override
    public boolean isCardPresent() {
        return present;
    }

    @Override
    public boolean waitForCardPresent(long timeout) {
        return present;
    }

    @Override
    public boolean waitForCardAbsent(long timeout) {
        return !present;
    }

    /** The card as {@code javax.smartcardio} sees it: T=1, the basic channel only. */
    private static final class SimulatedCard extends Card {
        private static final ATR ATR_BYTES =
                new ATR(HexFormat.of().parseHex("3BFA1800008131FE454A434F5033315632333298"));
        private final SimulatedCardTerminal terminal;
        private final Simulator simulator;
        private final int generation;
        private volatile boolean connected = true;
        private final CardChannel basic = new CardChannel() {
            @Override
            public Card getCard() {
                return SimulatedCard.this;
            }

            @Override
            public int getChannelNumber() {
                return 0;
            }

            @Override
            public ResponseAPDU transmit(CommandAPDU command) throws CardException {
                if (!connected) {
                    throw new IllegalStateException("card disconnected");
                }
                if (!terminal.present) {
                    throw new CardException("card removed from " + terminal.name);
                }
                CardRuntime.check(generation, terminal.name);
                return new ResponseAPDU(CardRuntime.dispatch(simulator, command.getBytes()));
            }

            @Override
            public int transmit(ByteBuffer command, ByteBuffer response) throws CardException {
                byte[] c = new byte[command.remaining()];
                command.get(c);
                byte[] r = transmit(new CommandAPDU(c)).getBytes();
                response.put(r);
                return r.length;
            }

            @Override
            public void close() {
                throw new IllegalStateException("the basic channel cannot be closed");
            }
        };

        SimulatedCard(SimulatedCardTerminal terminal, Simulator simulator, int generation) {
            this.terminal = terminal;
            this.simulator = simulator;
            this.generation = generation;
        }

        @Override
        public ATR getATR() {
            return ATR_BYTES;
        }

        @Override
        public String getProtocol() {
            return "T=1";
        }

        @Override
        public CardChannel getBasicChannel() {
            return basic;
        }

        @Override
        public CardChannel openLogicalChannel() throws CardException {
            throw new CardException("logical channels are not simulated");
        }

        @Override
        public void beginExclusive() {}

        @Override
        public void endExclusive() {}

        @Override
        public byte[] transmitControlCommand(int controlCode, byte[] command) throws CardException {
            throw new CardException("no control commands");
        }

        @Override
        public void disconnect(boolean reset) {
            connected = false;
        }
    }
}
