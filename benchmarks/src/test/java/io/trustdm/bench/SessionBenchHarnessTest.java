package io.trustdm.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The session benchmark harnesses run end to end with tiny sizes and produce sane numbers: real sessions complete
 * their job (the probe checks Packages 1-4 and the job's two 200 statuses), every block is timed, every ratio is
 * positive. It asserts behaviour only, never speed.
 */
class SessionBenchHarnessTest {

    @Test
    void session_bench_runs_every_block_over_https_and_reports_positive_figures() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Map<String, Double> s = SessionBench.run(
                true,
                1,
                2,
                2,
                List.of("session-h2", "session-mem", "echo", "agent", "echo-fresh"),
                null,
                new PrintStream(buf, true, StandardCharsets.UTF_8));
        String out = buf.toString(StandardCharsets.UTF_8);

        assertThat(out).contains("probe transport=https scheme=MD5 messages=2").contains("job_statuses=200,200");
        for (String block : List.of("session-h2", "session-mem", "echo", "agent", "echo-fresh")) {
            assertThat(s.get(block + "_med_us")).as(block).isPositive();
        }
        assertThat(s.get("ratio_session-h2/echo")).isPositive();
        assertThat(s.get("ratio_session-h2/session-mem")).isPositive();
        assertThat(s.get("ratio_agent/echo-fresh")).isPositive();
    }

    @Test
    void session_bench_runs_a_session_block_on_postgresql_when_asked() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Map<String, Double> s = SessionBench.run(
                true,
                1,
                2,
                1,
                List.of("session-h2", "session-pg", "echo"),
                null,
                new PrintStream(buf, true, StandardCharsets.UTF_8));

        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("probe storage=postgres messages=2 job_statuses=200,200");
        assertThat(s.get("session-pg_med_us")).isPositive();
        assertThat(s.get("ratio_session-pg/echo")).isPositive();
        assertThat(s.get("ratio_session-pg/session-h2")).isPositive();
    }

    @Test
    void session_bench_runs_over_plain_http_with_hmac() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Map<String, Double> s = SessionBench.run(
                false,
                1,
                2,
                1,
                List.of("session-h2", "echo"),
                null,
                new PrintStream(buf, true, StandardCharsets.UTF_8));

        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("probe transport=http scheme=HMAC messages=2")
                .containsPattern("hmac_header_chars=[1-9]");
        assertThat(s.get("ratio_session-h2/echo")).isPositive();
    }

    @Test
    void heap_bench_holds_sessions_open_and_registers_devices() throws Exception {
        ByteArrayOutputStream buf = new ByteArrayOutputStream();
        Map<String, Double> s =
                SessionHeapBench.run(List.of(5), 40, 2, new PrintStream(buf, true, StandardCharsets.UTF_8));

        assertThat(buf.toString(StandardCharsets.UTF_8))
                .contains("heap_sessions storage=h2 open_sessions=5")
                .contains("heap_sessions storage=memory open_sessions=5")
                .contains("heap_devices_result storage=h2 devices=40");
        // Heap differences of a few objects can be anything after a GC; only that every figure was produced.
        assertThat(s)
                .containsKeys(
                        "bytes_per_session_h2_5",
                        "bytes_per_session_memory_5",
                        "bytes_per_device_h2",
                        "bytes_per_device_memory");
        assertThat(s.values()).allSatisfy(v -> assertThat(v).isFinite());
    }
}
