package io.trustdm.server.notification;

import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.function.Function;

/**
 * WAP over an IP bearer: the WSP Push PDU as one WDP datagram over UDP to the Device's push port (2948 by default).
 * The Device's address comes from the registry.
 */
public final class UdpNotificationSender implements NotificationSender {
    private final Function<String, Optional<InetSocketAddress>> addresses;

    public UdpNotificationSender(Function<String, Optional<InetSocketAddress>> addresses) {
        this.addresses = addresses;
    }

    @Override
    public void send(String deviceId, byte[] pdu) throws IOException {
        InetSocketAddress to = addresses
                .apply(deviceId)
                .orElseThrow(() -> new IOException("no WDP/UDP address known for " + deviceId));
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(pdu, pdu.length, to));
        }
    }
}
