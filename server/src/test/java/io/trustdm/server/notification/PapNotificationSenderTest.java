package io.trustdm.server.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import io.trustdm.security.Secret;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The PAP request and the mapping of PPG answers, against a loopback HTTP server that answers what Kannel 1.4.5
 * answered (peers.md §2). The real Kannel round trip is KannelPushIT in integration-tests.
 */
class PapNotificationSenderTest {
    private static final String MSISDN = "+4912345678";
    private static final byte[] PKG0 =
            HexFormat.of().parseHex("5161760f6a1b8d60fa3a043bbe96e85e02e800000000ab0f636f6d2e6578616d706c652e646d73");
    private static final String KANNEL_ACCEPTED = "<?xml version=\"1.0\"?><!DOCTYPE pap PUBLIC \"-//WAPFORUM//DTD PAP"
            + " 1.0//EN\" \"http://www.wapforum.org/DTD/pap_1.0.dtd\"><pap><push-response push-id=\"%s\""
            + " sender-name=\"vm; WAP/1.3 (Kannel/1.4.5)\" reply-time=\"2026-11-28T12:12:39Z\""
            + " sender-address=\"/wappush\"><response-result code =\"1001\" desc=\"The request has been accepted for"
            + " processing\"></response-result></push-response></pap>";

    /** One captured request. */
    record Captured(String contentType, String userAgent, String authorization, byte[] body) {}

    private final List<Captured> requests = new CopyOnWriteArrayList<>();
    private HttpServer ppg;

    private URI startPpg(int status, String bodyTemplate, CountDownLatch hold) throws IOException {
        ppg = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        ppg.createContext("/wappush", (HttpExchange x) -> {
            byte[] body = x.getRequestBody().readAllBytes();
            requests.add(new Captured(
                    x.getRequestHeaders().getFirst("Content-Type"),
                    x.getRequestHeaders().getFirst("User-Agent"),
                    x.getRequestHeaders().getFirst("Authorization"),
                    body));
            if (hold != null) {
                try {
                    hold.await(5, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            Matcher m = Pattern.compile("push-id=\"([^\"]+)\"").matcher(new String(body, StandardCharsets.US_ASCII));
            String pushId = m.find() ? m.group(1) : "none";
            byte[] answer = String.format(bodyTemplate, pushId).getBytes(StandardCharsets.US_ASCII);
            x.getResponseHeaders().add("Content-Type", "application/xml");
            x.sendResponseHeaders(status, answer.length == 0 ? -1 : answer.length);
            if (answer.length > 0) {
                x.getResponseBody().write(answer);
            }
            x.close();
        });
        ppg.start();
        return URI.create("http://127.0.0.1:" + ppg.getAddress().getPort() + "/wappush");
    }

    @AfterEach
    void stop() {
        if (ppg != null) {
            ppg.stop(0);
        }
    }

    private PapNotificationSender sender(URI uri) {
        return PapNotificationSender.builder(uri)
                .msisdns(d -> Optional.of(MSISDN))
                .timeout(Duration.ofMillis(1500))
                .build();
    }

    @Test
    void push_is_a_PAP_multipart_addressed_to_the_msisdn_with_the_DM_application_id() throws Exception {
        URI uri = startPpg(202, KANNEL_ACCEPTED, null);
        Delivery d = sender(uri).send("IMEI:1", PKG0);

        Captured c = requests.get(0);
        Matcher b = Pattern.compile("multipart/related; boundary=([^;]+); type=\"application/xml\"")
                .matcher(c.contentType());
        assertThat(b.matches()).as(c.contentType()).isTrue();
        String boundary = b.group(1);
        String all = new String(c.body(), StandardCharsets.ISO_8859_1);
        String[] parts = all.split("\r\n--" + Pattern.quote(boundary), -1);
        assertThat(parts[0]).startsWith("--" + boundary + "\r\nContent-Type: application/xml\r\n\r\n");
        assertThat(parts[0])
                .contains("<!DOCTYPE pap PUBLIC \"-//WAPFORUM//DTD PAP 1.0//EN\"")
                .contains("<address address-value=\"WAPPUSH=+4912345678/TYPE=PLMN@ppg\"/>")
                .contains("bearer=\"SMS\"");
        assertThat(parts[1])
                .startsWith("\r\nContent-Type: application/vnd.syncml.notification\r\n"
                        + "X-Wap-Application-Id: x-wap-application:syncml.dm\r\n\r\n");
        byte[] content = parts[1].substring(parts[1].indexOf("\r\n\r\n") + 4).getBytes(StandardCharsets.ISO_8859_1);
        assertThat(content).isEqualTo(PKG0);
        assertThat(parts[2]).isEqualTo("--\r\n");
        assertThat(c.userAgent()).isEmpty();
        assertThat(c.authorization()).isNull();

        assertThat(d).isInstanceOfSatisfying(Delivery.Accepted.class, a -> {
            assertThat(a.code()).isEqualTo(1001);
            assertThat(a.reference()).matches("trustdm-[0-9a-f]{24}@trustdm");
            assertThat(parts[0]).contains("push-id=\"" + a.reference() + "\"");
        });
    }

    @Test
    void every_push_gets_its_own_push_id_and_boundary() throws Exception {
        URI uri = startPpg(202, KANNEL_ACCEPTED, null);
        PapNotificationSender s = sender(uri);
        Delivery.Accepted a = (Delivery.Accepted) s.send("IMEI:1", PKG0);
        Delivery.Accepted b = (Delivery.Accepted) s.send("IMEI:1", PKG0);
        assertThat(a.reference()).isNotEqualTo(b.reference());
        assertThat(requests.get(0).contentType()).isNotEqualTo(requests.get(1).contentType());
    }

    @Test
    void pap_client_error_is_refused_and_server_error_is_unavailable() throws Exception {
        URI uri = startPpg(
                400,
                "<pap><push-response push-id=\"%s\"><response-result code=\"2002\" desc=\"Address Error\"/>"
                        + "</push-response></pap>",
                null);
        assertThat(sender(uri).send("IMEI:1", PKG0)).isEqualTo(new Delivery.Refused(2002, "Address Error"));
        ppg.stop(0);
        uri = startPpg(
                500,
                "<pap><push-response push-id=\"%s\"><response-result code=\"3000\" desc=\"Internal Server Error\"/>"
                        + "</push-response></pap>",
                null);
        assertThat(sender(uri).send("IMEI:1", PKG0)).isEqualTo(new Delivery.Unavailable(3000, "Internal Server Error"));
    }

    @Test
    void badmessage_response_is_refused() throws Exception {
        URI uri = startPpg(
                400,
                "<?xml version=\"1.0\"?><pap><badmessage-response code=\"2000\" desc=\"Bad Request\""
                        + " bad-message-fragment=\"x\"/></pap>",
                null);
        assertThat(sender(uri).send("IMEI:1", PKG0)).isEqualTo(new Delivery.Refused(2000, "Bad Request"));
    }

    @Test
    void http_errors_without_a_pap_body_map_by_status_class() throws Exception {
        assertThat(PapNotificationSender.delivery(503, new byte[0])).isInstanceOf(Delivery.Unavailable.class);
        assertThat(PapNotificationSender.delivery(401, "Unauthorized".getBytes(StandardCharsets.US_ASCII)))
                .isEqualTo(new Delivery.Refused(401, "PPG answered HTTP 401 without a PAP result"));
        assertThatThrownBy(() -> PapNotificationSender.delivery(200, "<html/>".getBytes(StandardCharsets.US_ASCII)))
                .isInstanceOf(IOException.class)
                .hasMessageContaining("no PAP response");
    }

    @Test
    void ppg_that_does_not_answer_in_time_is_a_timeout() throws Exception {
        CountDownLatch hold = new CountDownLatch(1);
        URI uri = startPpg(202, KANNEL_ACCEPTED, hold);
        try {
            long t0 = System.nanoTime();
            assertThatThrownBy(() -> sender(uri).send("IMEI:1", PKG0)).isInstanceOf(HttpTimeoutException.class);
            assertThat(Duration.ofNanos(System.nanoTime() - t0)).isLessThan(Duration.ofSeconds(4));
        } finally {
            hold.countDown();
        }
    }

    @Test
    void msisdn_that_is_not_digits_never_reaches_the_ppg() throws Exception {
        URI uri = startPpg(202, KANNEL_ACCEPTED, null);
        PapNotificationSender s = PapNotificationSender.builder(uri)
                .msisdns(d -> Optional.of(d.equals("evil") ? "+49\"/><address address-value=\"WAPPUSH=+1" : "12"))
                .build();
        assertThat(s.send("evil", PKG0)).isInstanceOf(Delivery.Refused.class);
        assertThat(s.send("short", PKG0)).isInstanceOf(Delivery.Refused.class);
        assertThat(PapNotificationSender.builder(uri)
                        .msisdns(d -> Optional.empty())
                        .build()
                        .send("none", PKG0))
                .isEqualTo(new Delivery.Refused(0, "no MSISDN known for none"));
        assertThat(requests).isEmpty();
    }

    @Test
    void push_initiator_credentials_go_in_basic_auth_and_never_in_toString() throws Exception {
        URI uri = startPpg(202, KANNEL_ACCEPTED, null);
        PapNotificationSender s = PapNotificationSender.builder(uri)
                .msisdns(d -> Optional.of(MSISDN))
                .credentials("pi-user", Secret.ofUtf8("pi-Secret-42"))
                .build();
        s.send("IMEI:1", PKG0);
        assertThat(requests.get(0).authorization()).isEqualTo("Basic cGktdXNlcjpwaS1TZWNyZXQtNDI=");
        assertThat(s.toString()).doesNotContain("pi-Secret-42").doesNotContain("cGktdXNlcjpwaS1TZWNyZXQtNDI");
    }

    @Test
    void pap_answer_with_an_external_entity_is_not_expanded_but_refused_as_malformed() {
        byte[] evil = ("<?xml version=\"1.0\"?><!DOCTYPE pap [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                        + "<pap><push-response push-id=\"p\"><response-result code=\"1001\" desc=\"&x;\"/>"
                        + "</push-response></pap>")
                .getBytes(StandardCharsets.US_ASCII);
        assertThatThrownBy(() -> PapResponse.parse(evil)).isInstanceOf(PapFormatException.class);
    }

    @Test
    void kannels_accepted_answer_parses_with_its_spaced_code_attribute() {
        byte[] body = String.format(KANNEL_ACCEPTED, "dm-push-0001@example.com").getBytes(StandardCharsets.US_ASCII);
        PapResponse r = PapResponse.parse(body);
        assertThat(r)
                .isEqualTo(new PapResponse(
                        "dm-push-0001@example.com", 1001, "The request has been accepted for processing"));
        assertThat(r.isAccepted()).isTrue();
        assertThat(Arrays.asList(
                        PapResponse.parse("<pap><push-response><response-result code=\"4001\"/></push-response></pap>"
                                        .getBytes(StandardCharsets.US_ASCII))
                                .toDelivery()))
                .singleElement()
                .isInstanceOf(Delivery.Unavailable.class);
    }
}
