package io.trustdm.it.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Keeps the session-scale benchmark harness ({@link SessionScaleIT}) from rotting in the default build: two small
 * registries (200 and 2,000 Devices on embedded PostgreSQL), a few active Devices each running sessions without and
 * with a queued job (Get + Replace). Asserts that every session completed and every job came back with status 200 for
 * both commands; it asserts no speed.
 */
class SessionScaleSmokeIT {
    @Test
    void sessions_with_and_without_a_job_succeed_at_two_small_registry_sizes() throws Exception {
        for (int size : List.of(200, 2000)) {
            try (SessionScaleHarness h = SessionScaleHarness.open(size, 4)) {
                assertThat(h.rowCounts()).contains("dm_device=" + size, "dm_account=" + size);
                SessionScaleHarness.Phase plain = h.run(false, 2, 2);
                SessionScaleHarness.Phase job = h.run(true, 2, 2);
                System.out.println("session-scale smoke: " + plain + " / " + job);
                for (SessionScaleHarness.Phase p : List.of(plain, job)) {
                    assertThat(p.firstError())
                            .as("size %d, job %s", size, p.withJob())
                            .isNull();
                    assertThat(p.failed()).isZero();
                    assertThat(p.sessions()).isEqualTo(8);
                }
                assertThat(plain.jobsOk()).isZero();
                assertThat(job.jobsOk()).isEqualTo(8);
                assertThat(job.jobsBad()).isZero();
                SessionScaleHarness.Phase twice = job.plus(job);
                assertThat(twice.sessions()).isEqualTo(16);
                assertThat(twice.latencyNanos()).hasSize(16);
                assertThat(twice.p50Millis()).isEqualTo(job.p50Millis());
            }
        }
    }
}
