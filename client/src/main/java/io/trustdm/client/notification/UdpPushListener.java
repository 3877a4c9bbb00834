package io.trustdm.client.notification;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.net.SocketException;
import java.util.Arrays;

/** Listens for WDP datagrams (WAP Push over an IP bearer) and hands each to a {@link NotificationReceiver}. */
public final class UdpPushListener implements AutoCloseable {
    private final DatagramSocket socket;
    private final Thread thread;

    public UdpPushListener(InetSocketAddress bind, NotificationReceiver receiver) throws IOException {
        this.socket = new DatagramSocket(bind);
        this.thread = new Thread(() -> loop(receiver), "trustdm-push-" + socket.getLocalPort());
        thread.setDaemon(true);
        thread.start();
    }

    public int port() {
        return socket.getLocalPort();
    }

    private void loop(NotificationReceiver receiver) {
        byte[] buf = new byte[2048];
        while (!socket.isClosed()) {
            DatagramPacket p = new DatagramPacket(buf, buf.length);
            try {
                socket.receive(p);
                receiver.onWdpDatagram(Arrays.copyOf(p.getData(), p.getLength()));
            } catch (SocketException closed) {
                return;
            } catch (IOException | RuntimeException e) {
                // one bad datagram never stops the listener
            }
        }
    }

    @Override
    public void close() {
        socket.close();
    }
}
