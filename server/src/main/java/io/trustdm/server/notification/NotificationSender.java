package io.trustdm.server.notification;

import java.io.IOException;

/** Carries a WSP Push PDU to a Device: WDP over UDP, or a Push Proxy Gateway that sends it by SMS. */
@FunctionalInterface
public interface NotificationSender {
    void send(String deviceId, byte[] wspPushPdu) throws IOException;
}
