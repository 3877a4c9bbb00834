package io.trustdm.smartcard.sim;

import com.licel.jcardsim.base.Simulator;
import io.trustdm.protocol.smartcard.BootstrapCardLayout;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.util.HexFormat;
import javacard.framework.AID;

/**
 * The {@link BootstrapCardApplet} card plugged into pcscd's virtual reader driver (vsmartcard-vpcd), so a test goes
 * through the real PC/SC stack: SunPCSC → libpcsclite → pcscd → vpcd → this socket. vpcd's protocol: every message is a
 * two-octet big-endian length and a payload; a one-octet payload is a control code (0 power off, 1 power on, 2 reset, 4
 * send the ATR), anything else is a command APDU answered with the response APDU.
 */
public final class VpcdCard implements AutoCloseable {
    /** Port of vpcd's first reader ("Virtual PCD 00 00"), fixed by its reader.conf. */
    public static final int DEFAULT_PORT = 35963;

    private static final byte[] ATR = HexFormat.of().parseHex("3B80800101");

    private final Simulator simulator = CardRuntime.newSimulator();
    private final int generation = CardRuntime.claim();
    private final Socket socket;
    private final Thread thread;

    private VpcdCard(Socket socket) {
        this.socket = socket;
        byte[] aid = BootstrapCardLayout.PKCS15_AID;
        simulator.installApplet(new AID(aid, (short) 0, (byte) aid.length), BootstrapCardApplet.class);
        this.thread = new Thread(this::serve, "vpcd-card");
        thread.setDaemon(true);
    }

    /** Inserts the card into vpcd at {@code host:port}; fails when vpcd (pcscd with vsmartcard-vpcd) is not there. */
    public static VpcdCard insert(String host, int port) throws IOException {
        Socket s = new Socket();
        s.setTcpNoDelay(true); // one small frame per APDU: do not let Nagle hold it back
        s.connect(new InetSocketAddress(host, port), 2000);
        VpcdCard c = new VpcdCard(s);
        c.thread.start();
        return c;
    }

    private void serve() {
        try (DataInputStream in = new DataInputStream(socket.getInputStream());
                DataOutputStream out = new DataOutputStream(socket.getOutputStream())) {
            while (!socket.isClosed()) {
                int n = in.readUnsignedShort();
                byte[] msg = in.readNBytes(n);
                if (msg.length != n) {
                    return;
                }
                if (n == 1) {
                    if (msg[0] == 4) {
                        send(out, ATR);
                    }
                    continue; // power on/off and reset: the applet keeps its files, as a card's EEPROM does
                }
                if (!CardRuntime.isCurrent(generation)) {
                    send(out, new byte[] {0x6F, 0x00}); // our card runtime was replaced: answer "no precise diagnosis"
                    continue;
                }
                send(out, CardRuntime.dispatch(simulator, msg));
            }
        } catch (IOException e) {
            // vpcd went away or the card was removed
        }
    }

    private static synchronized void send(DataOutputStream out, byte[] b) throws IOException {
        byte[] frame = new byte[b.length + 2];
        frame[0] = (byte) (b.length >> 8);
        frame[1] = (byte) b.length;
        System.arraycopy(b, 0, frame, 2, b.length);
        out.write(frame);
        out.flush();
    }

    /** Removes the card from the reader. */
    @Override
    public void close() throws IOException {
        socket.close();
    }
}
