package io.trustdm.server.notification;

import java.io.IOException;

/**
 * Carries a signed Package #0 to a Device over one bearer: WDP over UDP, or a Push Proxy Gateway that sends it by
 * SMS. The bearer wraps it as it must (a WSP Push PDU with content type 0x44 and application id 0x07, or a PAP push
 * message that the PPG turns into one). Implementations never log the package: it is a replayable credential proof.
 */
@FunctionalInterface
public interface NotificationSender {
    /**
     * Hands the package to the bearer.
     *
     * @return what the bearer answered: accepted, refused for good, or unavailable for now
     * @throws IOException when the bearer could not be reached or did not answer in time (worth a retry)
     */
    Delivery send(String deviceId, byte[] package0) throws IOException;
}
