package io.trustdm.server.notification;

import io.trustdm.protocol.notification.NotificationMessage;
import io.trustdm.security.Secret;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.regex.Pattern;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Submits Package #0 to a Push Proxy Gateway with the Push Access Protocol (WAP-247-PAP 1.0), so that the PPG sends
 * it to the Device as a WAP Push SMS (port 2948). One HTTP POST per push, a {@code multipart/related} body of two
 * entities: the PAP control entity ({@code push-message} addressed {@code WAPPUSH=<msisdn>/TYPE=PLMN@<ppg>}) and the
 * content entity {@code application/vnd.syncml.notification} with {@code X-Wap-Application-Id:
 * x-wap-application:syncml.dm}, which the PPG encodes as application id 0x07 (DM Notification §6.3.1). The PPG's PAP
 * answer becomes a {@link Delivery}; no answer within the timeout is an {@link java.net.http.HttpTimeoutException}.
 *
 * <p>Tested against Kannel 1.4.5 (docs/NOTIFICATION.md). The JDK HTTP client always sends a {@code User-Agent}, and
 * Kannel copies it into the WSP headers of the SMS; this sender sends it empty so that the SMS carries three octets
 * for it instead of the client's name. Neither the package nor the MSISDN is logged above DEBUG, and PPG credentials
 * never are. Thread-safe.
 */
public final class PapNotificationSender implements NotificationSender {
    private static final Logger LOG = LoggerFactory.getLogger(PapNotificationSender.class);

    /** E.164 digits with an optional '+': the only characters that reach the PAP address. */
    private static final Pattern MSISDN = Pattern.compile("\\+?[0-9]{3,20}");
    /** Hostname-like text for the PPG part of the address and the push-id domain. */
    private static final Pattern DOMAIN = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9.-]{0,62})");

    private final URI ppg;
    private final Function<String, Optional<String>> msisdns;
    private final String ppgDomain;
    private final String pushIdDomain;
    private final Duration timeout;
    private final String authorization;
    private final SecureRandom random;
    private final HttpClient http;

    private PapNotificationSender(Builder b) {
        this.ppg = Objects.requireNonNull(b.ppg, "ppg");
        this.msisdns = Objects.requireNonNull(b.msisdns, "msisdns");
        this.ppgDomain = b.ppgDomain;
        this.pushIdDomain = b.pushIdDomain;
        this.timeout = b.timeout;
        this.random = b.random;
        this.authorization = b.username == null
                ? null
                : "Basic " + Base64.getEncoder().encodeToString(basic(b.username, b.password));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(b.connectTimeout)
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
    }

    /** A sender to the PPG's push URL (for Kannel: {@code http://host:ppg-port/ppg-url}). */
    public static Builder builder(URI ppgUrl) {
        return new Builder(ppgUrl);
    }

    @Override
    public Delivery send(String deviceId, byte[] package0) throws IOException {
        Optional<String> msisdn = msisdns.apply(deviceId);
        if (msisdn.isEmpty()) {
            return new Delivery.Refused(0, "no MSISDN known for " + deviceId);
        }
        if (!MSISDN.matcher(msisdn.get()).matches()) {
            return new Delivery.Refused(0, "the MSISDN registered for " + deviceId + " is not 3-20 digits");
        }
        String pushId = "trustdm-" + hex(12) + "@" + pushIdDomain;
        PushMessage message = pushMessage(pushId, msisdn.get(), package0);
        HttpRequest.Builder rb = HttpRequest.newBuilder(ppg)
                .timeout(timeout)
                .header("Content-Type", message.contentType())
                .header("User-Agent", "")
                .POST(HttpRequest.BodyPublishers.ofByteArray(message.body()));
        if (authorization != null) {
            rb.header("Authorization", authorization);
        }
        HttpResponse<byte[]> response;
        try {
            response = http.send(rb.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while pushing to " + ppg);
        }
        Delivery d = delivery(response.statusCode(), response.body());
        LOG.debug("PAP push {} for device {} answered HTTP {}: {}", pushId, deviceId, response.statusCode(), d);
        return d;
    }

    /** Maps the HTTP answer: the PAP result when there is one, else the HTTP status class. */
    static Delivery delivery(int status, byte[] body) throws IOException {
        try {
            return PapResponse.parse(body).toDelivery();
        } catch (PapFormatException e) {
            if (status >= 500) {
                return new Delivery.Unavailable(status, "PPG answered HTTP " + status + " without a PAP result");
            }
            if (status >= 400) {
                return new Delivery.Refused(status, "PPG answered HTTP " + status + " without a PAP result");
            }
            throw new IOException("PPG answered HTTP " + status + " with no PAP response: " + e.getMessage(), e);
        }
    }

    /** A PAP push submission: the multipart/related body and the Content-Type naming its boundary. */
    record PushMessage(String boundary, byte[] body) {
        String contentType() {
            return "multipart/related; boundary=" + boundary + "; type=\"application/xml\"";
        }
    }

    /** The multipart/related PAP request: control entity, then the content entity with the package bytes. */
    PushMessage pushMessage(String pushId, String msisdn, byte[] package0) {
        String boundary;
        do {
            boundary = "trustdm-" + hex(16);
        } while (contains(package0, boundary.getBytes(StandardCharsets.US_ASCII)));
        String control = "<?xml version=\"1.0\"?>\r\n"
                + "<!DOCTYPE pap PUBLIC \"-//WAPFORUM//DTD PAP 1.0//EN\""
                + " \"http://www.wapforum.org/DTD/pap_1.0.dtd\">\r\n"
                + "<pap>\r\n"
                + "<push-message push-id=\"" + pushId + "\" progress-notes-requested=\"false\">\r\n"
                + "<address address-value=\"WAPPUSH=" + msisdn + "/TYPE=PLMN@" + ppgDomain + "\"/>\r\n"
                + "<quality-of-service priority=\"high\" delivery-method=\"unconfirmed\" network-required=\"true\""
                + " network=\"GSM\" bearer-required=\"true\" bearer=\"SMS\"/>\r\n"
                + "</push-message>\r\n"
                + "</pap>";
        ByteArrayOutputStream out = new ByteArrayOutputStream(control.length() + package0.length + 400);
        ascii(out, "--" + boundary + "\r\nContent-Type: application/xml\r\n\r\n");
        ascii(out, control);
        ascii(out, "\r\n--" + boundary + "\r\n");
        ascii(out, "Content-Type: " + NotificationMessage.MEDIA_TYPE + "\r\n");
        ascii(out, "X-Wap-Application-Id: x-wap-application:syncml.dm\r\n\r\n");
        out.writeBytes(package0);
        ascii(out, "\r\n--" + boundary + "--\r\n");
        return new PushMessage(boundary, out.toByteArray());
    }

    private String hex(int octets) {
        byte[] b = new byte[octets];
        random.nextBytes(b);
        return HexFormat.of().formatHex(b);
    }

    private static void ascii(ByteArrayOutputStream out, String s) {
        out.writeBytes(s.getBytes(StandardCharsets.US_ASCII));
    }

    private static boolean contains(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) {
                if (hay[i + j] != needle[j]) {
                    continue outer;
                }
            }
            return true;
        }
        return false;
    }

    private static byte[] basic(String user, Secret password) {
        byte[] u = (user + ":").getBytes(StandardCharsets.UTF_8);
        byte[] p = password.bytes();
        ByteBuffer b = ByteBuffer.allocate(u.length + p.length).put(u).put(p);
        Arrays.fill(p, (byte) 0);
        return b.array();
    }

    @Override
    public String toString() {
        return "PapNotificationSender[" + ppg + (authorization == null ? "" : ", credentials=<hidden>") + "]";
    }

    /** Configures a {@link PapNotificationSender}. */
    public static final class Builder {
        private final URI ppg;
        private Function<String, Optional<String>> msisdns;
        private String ppgDomain = "ppg";
        private String pushIdDomain = "trustdm";
        private Duration timeout = Duration.ofSeconds(10);
        private Duration connectTimeout = Duration.ofSeconds(5);
        private String username;
        private Secret password;
        private SecureRandom random = new SecureRandom();

        private Builder(URI ppg) {
            this.ppg = Objects.requireNonNull(ppg, "ppg");
            if (!"http".equalsIgnoreCase(ppg.getScheme()) && !"https".equalsIgnoreCase(ppg.getScheme())) {
                throw new IllegalArgumentException("PPG URL must be http or https: " + ppg);
            }
        }

        /** The Device's MSISDN (E.164 digits, optional '+'), or empty when it has none. */
        public Builder msisdns(Function<String, Optional<String>> lookup) {
            this.msisdns = Objects.requireNonNull(lookup, "lookup");
            return this;
        }

        /** The PPG part of the PAP address ({@code @ppg} by default; Kannel ignores it). */
        public Builder ppgDomain(String domain) {
            this.ppgDomain = domain(domain, "ppgDomain");
            return this;
        }

        /** The domain part of generated push-ids. */
        public Builder pushIdDomain(String domain) {
            this.pushIdDomain = domain(domain, "pushIdDomain");
            return this;
        }

        /** How long to wait for the PPG's answer to one push (10 s by default). */
        public Builder timeout(Duration t) {
            this.timeout = positive(t, "timeout");
            return this;
        }

        /** How long to wait for the TCP connection to the PPG (5 s by default). */
        public Builder connectTimeout(Duration t) {
            this.connectTimeout = positive(t, "connectTimeout");
            return this;
        }

        /** HTTP Basic credentials of this push initiator at the PPG (Kannel {@code wap-push-user}). */
        public Builder credentials(String username, Secret password) {
            if (username == null || username.isEmpty() || username.indexOf(':') >= 0) {
                throw new IllegalArgumentException("username must be non-empty and without ':'");
            }
            this.username = username;
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        public Builder random(SecureRandom r) {
            this.random = Objects.requireNonNull(r, "random");
            return this;
        }

        public PapNotificationSender build() {
            return new PapNotificationSender(this);
        }

        private static String domain(String d, String what) {
            if (d == null || !DOMAIN.matcher(d).matches()) {
                throw new IllegalArgumentException(what + " must be a host name: " + d);
            }
            return d;
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
