package io.trustdm.server.notification;

import io.trustdm.protocol.wap.WspPushPdu;
import java.io.IOException;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetSocketAddress;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;

/**
 * WAP over an IP bearer: Package #0 in a WSP Push PDU (content type 0x44, application id 0x07, DM Notification
 * §6.3.1) as one WDP datagram over UDP to the Device's push port (2948 by default). The Device's address comes from
 * the registry. UDP gives no delivery report: a sent datagram is {@link Delivery.Accepted}.
 */
public final class UdpNotificationSender implements NotificationSender {
    private final Function<String, Optional<InetSocketAddress>> addresses;
    private final AtomicInteger tid = new AtomicInteger();

    public UdpNotificationSender(Function<String, Optional<InetSocketAddress>> addresses) {
        this.addresses = addresses;
    }

    @Override
    public Delivery send(String deviceId, byte[] package0) throws IOException {
        Optional<InetSocketAddress> to = addresses.apply(deviceId);
        if (to.isEmpty()) {
            return new Delivery.Refused(0, "no WDP/UDP address known for " + deviceId);
        }
        byte[] pdu =
                WspPushPdu.notification(tid.getAndIncrement() & 0xFF, package0).encode();
        try (DatagramSocket s = new DatagramSocket()) {
            s.send(new DatagramPacket(pdu, pdu.length, to.get()));
        }
        return new Delivery.Accepted("udp:" + to.get(), 0, "datagram sent");
    }
}
