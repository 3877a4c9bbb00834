package io.trustdm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.client.session.SessionException;
import io.trustdm.client.transport.DmTransportException;
import io.trustdm.client.transport.ServerBusyException;
import java.time.Duration;
import java.util.Map;
import javax.net.ssl.SSLHandshakeException;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

class FleetReportTest {
    private static FleetReport sample() {
        long[] nanos = new long[200];
        for (int i = 0; i < nanos.length; i++) {
            nanos[i] = (i + 1) * 1_000_000L; // 1 ms .. 200 ms
        }
        return new FleetReport(
                20,
                19,
                4,
                10_000,
                200,
                3,
                400,
                20.0,
                FleetReport.Latency.of(nanos),
                Map.of("auth", 2L, "overloaded", 7L, "io", 1L));
    }

    @Test
    void json_carries_every_figure_and_every_error_kind() {
        JsonNode j = JsonMapper.builder().build().readTree(sample().toJson());
        assertThat(j.get("devices").asInt()).isEqualTo(20);
        assertThat(j.get("devicesWithSession").asInt()).isEqualTo(19);
        assertThat(j.get("sessionsCompleted").asLong()).isEqualTo(200);
        assertThat(j.get("sessionsFailed").asLong()).isEqualTo(3);
        assertThat(j.get("sessionsPerSecond").asDouble()).isEqualTo(20.0);
        assertThat(j.get("latencyMillis").get("p50").asDouble()).isEqualTo(100.0);
        assertThat(j.get("latencyMillis").get("p95").asDouble()).isEqualTo(190.0);
        assertThat(j.get("latencyMillis").get("p99").asDouble()).isEqualTo(198.0);
        assertThat(j.get("latencyMillis").get("max").asDouble()).isEqualTo(200.0);
        assertThat(j.get("latencyMillis").get("mean").asDouble()).isEqualTo(100.5);
        JsonNode e = j.get("errors");
        assertThat(e.propertyNames()).containsExactly("auth", "overloaded", "io", "protocol", "aborted", "other");
        assertThat(e.get("overloaded").asLong()).isEqualTo(7);
        assertThat(e.get("protocol").asLong()).isZero();
    }

    @Test
    void summary_names_the_figures() {
        String s = sample().summary();
        assertThat(s)
                .contains("200 completed, 3 failed, 20.0 sessions/s")
                .contains("p50 100.0  p95 190.0  p99 198.0")
                .contains("auth 2 overloaded 7 io 1 protocol 0");
    }

    @Test
    void failures_are_sorted_into_kinds() {
        assertThat(ErrorKind.of(new ServerBusyException("busy", Duration.ofSeconds(1))))
                .isEqualTo(ErrorKind.OVERLOADED);
        assertThat(ErrorKind.of(new DmTransportException("x", 401, null))).isEqualTo(ErrorKind.AUTH);
        assertThat(ErrorKind.of(new DmTransportException("x", new SSLHandshakeException("bad cert"))))
                .isEqualTo(ErrorKind.AUTH);
        assertThat(ErrorKind.of(new DmTransportException("x", 500, null))).isEqualTo(ErrorKind.IO);
        assertThat(ErrorKind.of(new SessionException("server refused our credentials (status 401)")))
                .isEqualTo(ErrorKind.AUTH);
        assertThat(ErrorKind.of(new SessionException("server used SessionID 2 in session 1")))
                .isEqualTo(ErrorKind.PROTOCOL);
        assertThat(ErrorKind.of(new IllegalStateException("bug"))).isEqualTo(ErrorKind.OTHER);
    }

    @Test
    void progress_bar_draws_a_bar_on_a_terminal_and_lines_elsewhere() {
        var buf = new java.io.ByteArrayOutputStream();
        var p = new ProgressLine(new java.io.PrintStream(buf, true, java.nio.charset.StandardCharsets.UTF_8), true);
        p.show(0.5, "half");
        p.finish();
        assertThat(buf.toString(java.nio.charset.StandardCharsets.UTF_8))
                .startsWith("\r[###############---------------]  50% half")
                .endsWith(System.lineSeparator());
        var plain = new java.io.ByteArrayOutputStream();
        var q = new ProgressLine(new java.io.PrintStream(plain, true, java.nio.charset.StandardCharsets.UTF_8), false);
        q.show(0.5, "half");
        assertThat(plain.toString(java.nio.charset.StandardCharsets.UTF_8)).isEqualTo("half" + System.lineSeparator());
    }
}
