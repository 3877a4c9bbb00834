package io.trustdm.server.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.message.Alert;
import io.trustdm.protocol.message.Get;
import io.trustdm.protocol.message.Item;
import io.trustdm.security.policy.SecurityAuditEvent;
import io.trustdm.security.policy.Verdict;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.session.ClaimedJob;
import io.trustdm.server.session.DeviceDirectory;
import io.trustdm.server.session.JobQueue;
import io.trustdm.server.session.OperationResult;
import io.trustdm.server.session.SessionOutcome;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalInt;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.junit.jupiter.api.Test;

class ServerMetricsTest {
    private static double value(String scrape, String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(scrape);
        return m.find() ? Double.parseDouble(m.group(1)) : Double.NaN;
    }

    /**
     * A metering wrapper that does not override a default method of the seam silently replaces the registry's
     * behaviour with the default (the authentication backoff and Exec's at-most-once record were lost this way).
     */
    @Test
    void everyMethodOfTheMeteredSeamsIsDelegatedNotLeftToItsDefault() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        InMemoryRegistry registry = new InMemoryRegistry();
        assertDeclaresEveryMethod(
                DeviceDirectory.class, metrics.meter((DeviceDirectory) registry).getClass());
        assertDeclaresEveryMethod(
                JobQueue.class, metrics.meter((JobQueue) registry).getClass());
        assertDeclaresEveryMethod(
                io.trustdm.security.policy.SecurityAuditSink.class,
                metrics.meter((io.trustdm.security.policy.SecurityAuditSink) registry)
                        .getClass());
    }

    private static void assertDeclaresEveryMethod(Class<?> seam, Class<?> wrapper) throws Exception {
        for (java.lang.reflect.Method m : seam.getMethods()) {
            if (java.lang.reflect.Modifier.isStatic(m.getModifiers())) {
                continue;
            }
            assertThat(wrapper.getMethod(m.getName(), m.getParameterTypes()).getDeclaringClass())
                    .as("%s.%s must be delegated by the metering wrapper", seam.getSimpleName(), m.getName())
                    .isEqualTo(wrapper);
        }
    }

    @Test
    void sessionsAreCountedByOutcomeThroughTheRegistrySeam() {
        ServerMetrics metrics = new ServerMetrics();
        InMemoryRegistry registry = new InMemoryRegistry();
        DeviceDirectory dir = metrics.meter((DeviceDirectory) registry);
        metrics.sessionStarted();
        metrics.sessionStarted();
        dir.recordSession("dev-1", "1", Instant.now(), SessionOutcome.COMPLETED);
        String s = metrics.scrape();
        assertThat(value(s, "trustdm_sessions_total{outcome=\"completed\"}")).isEqualTo(1.0);
        assertThat(value(s, "trustdm_sessions_total{outcome=\"authentication_failed\"}"))
                .isEqualTo(0.0);
        assertThat(value(s, "trustdm_active_sessions")).isEqualTo(1.0);
        assertThat(registry.sessions()).hasSize(1);
    }

    @Test
    void jobsAndAlertsAreCountedByStateAndTheDelegateStillRuns() {
        ServerMetrics metrics = new ServerMetrics();
        InMemoryRegistry registry = new InMemoryRegistry();
        registry.register("dev-1");
        registry.enqueue("dev-1", List.of(new Get("1", false, null, null, List.of(Item.target("./DevInfo/Mod")))));
        JobQueue q = metrics.meter((JobQueue) registry);
        ClaimedJob job = q.claim("dev-1", "s1").orElseThrow();
        q.complete(job, List.of(new OperationResult(0, "Get", 404, List.of())));
        q.alertReceived("dev-1", Alert.of("3", 1226));
        String s = metrics.scrape();
        assertThat(value(s, "trustdm_jobs_total{state=\"delivered\"}")).isEqualTo(1.0);
        assertThat(value(s, "trustdm_jobs_total{state=\"failed\"}")).isEqualTo(1.0);
        assertThat(value(s, "trustdm_alerts_total{kind=\"1226\"}")).isEqualTo(1.0);
        assertThat(registry.completed(job.jobId())).isPresent();
        assertThat(registry.alerts()).hasSize(1);
    }

    @Test
    void rejectedMessagesCountAsAuthenticationFailuresWithABoundedReasonLabel() {
        ServerMetrics metrics = new ServerMetrics();
        List<SecurityAuditEvent> seen = new ArrayList<>();
        var sink = metrics.meter(seen::add);
        sink.record(event("message.inbound", Verdict.TERMINATE, List.of("CR-6"), "mac mismatch for dev-1 at 12:00"));
        sink.record(event("message.inbound", Verdict.ACCEPT, List.of("CR-5"), "ok"));
        sink.record(event("bootstrap.send", Verdict.REFUSE, List.of("CR-1"), "plain http"));
        sink.record(event("bootstrap.send", Verdict.ACCEPT, List.of("CR-1"), "tls"));
        String s = metrics.scrape();
        assertThat(seen).hasSize(4);
        assertThat(value(s, "trustdm_auth_failures_total{reason=\"CR-6\"}")).isEqualTo(1.0);
        assertThat(s).doesNotContain("mac mismatch");
        assertThat(value(s, "trustdm_bootstrap_total{result=\"refused\"}")).isEqualTo(1.0);
        assertThat(value(s, "trustdm_bootstrap_total{result=\"delivered\"}")).isEqualTo(1.0);
        assertThat(value(s, "trustdm_security_decisions_total{point=\"message.inbound\",verdict=\"accept\"}"))
                .isEqualTo(1.0);
    }

    @Test
    void theScrapeEndpointRequiresTheBearerToken() throws Exception {
        ServerMetrics metrics = new ServerMetrics();
        metrics.notification("answered");
        Server server = new Server();
        ServerConnector c = new ServerConnector(server);
        c.setHost("127.0.0.1");
        server.addConnector(c);
        server.setHandler(new MetricsHandler(metrics, h -> "Bearer right".equals(h)));
        server.start();
        try {
            HttpClient http = HttpClient.newHttpClient();
            URI uri = URI.create("http://127.0.0.1:" + c.getLocalPort() + "/metrics");
            HttpResponse<String> anonymous =
                    http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(anonymous.statusCode()).isEqualTo(401);
            assertThat(anonymous.headers().firstValue("WWW-Authenticate"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("Bearer"));
            assertThat(anonymous.body()).doesNotContain("trustdm_");
            HttpResponse<String> ok = http.send(
                    HttpRequest.newBuilder(uri)
                            .header("Authorization", "Bearer right")
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            assertThat(ok.statusCode()).isEqualTo(200);
            assertThat(ok.headers().firstValue("Content-Type"))
                    .hasValueSatisfying(v -> assertThat(v).startsWith("text/plain"));
            assertThat(value(ok.body(), "trustdm_notifications_total{outcome=\"answered\"}"))
                    .isEqualTo(1.0);
        } finally {
            server.stop();
        }
    }

    private static SecurityAuditEvent event(String point, Verdict v, List<String> rules, String reason) {
        return new SecurityAuditEvent(
                Instant.now(), point, "dev-1", null, "https", v, OptionalInt.empty(), reason, rules);
    }
}
