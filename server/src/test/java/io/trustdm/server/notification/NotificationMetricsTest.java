package io.trustdm.server.notification;

import static org.assertj.core.api.Assertions.assertThat;

import io.trustdm.protocol.notification.NotificationMessage.UiMode;
import io.trustdm.server.memory.InMemoryRegistry;
import io.trustdm.server.metrics.ServerMetrics;
import io.trustdm.server.notification.NotificationService.State;
import io.trustdm.server.notification.NotificationService.Wake;
import java.io.IOException;
import java.security.SecureRandom;
import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The /metrics counters of wake-ups, wired as DmServer wires them: every push by what the bearer said
 * ({@code trustdm_notifications_total{outcome}}: accepted, refused, unavailable) and every job by its final state
 * ({@code trustdm_wakes_total{state}}: answered, timed_out, failed).
 */
class NotificationMetricsTest {
    private final NotificationServiceTest.HandClock clock = new NotificationServiceTest.HandClock();
    private final NotificationServiceTest.ScriptedBearer bearer = new NotificationServiceTest.ScriptedBearer();
    private final InMemoryRegistry registry = new InMemoryRegistry();
    private final ServerMetrics metrics = new ServerMetrics();
    private final NotificationPolicy policy = new NotificationPolicy(
            Duration.ofSeconds(60),
            2,
            Duration.ofSeconds(10),
            Duration.ofSeconds(25),
            Duration.ZERO,
            100,
            Duration.ofMinutes(1));

    private NotificationService service() {
        NotificationService s = new NotificationService(
                registry, metrics.meterNotifications(bearer), new SecureRandom(), clock, policy);
        s.onFinal(w -> metrics.wake(w.state().name().toLowerCase(Locale.ROOT)));
        return s;
    }

    private double value(String series) {
        Matcher m = Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.eE+-]+)$")
                .matcher(metrics.scrape());
        return m.find() ? Double.parseDouble(m.group(1)) : 0.0;
    }

    private double pushes(String outcome) {
        return value("trustdm_notifications_total{outcome=\"" + outcome + "\"}");
    }

    private double wakes(String state) {
        return value("trustdm_wakes_total{state=\"" + state + "\"}");
    }

    @Test
    void pushes_are_counted_by_bearer_outcome_and_jobs_by_final_state() {
        for (String d : new String[] {"answers", "refused", "silent", "flaky"}) {
            NotificationServiceTest.registerDevice(registry, d);
        }
        NotificationService s = service();

        Wake answered = s.wake("answers", UiMode.BACKGROUND);
        assertThat(pushes("accepted")).isEqualTo(1.0);
        assertThat(wakes("answered")).isZero();
        s.answered("answers", answered.sessionIdHex());
        assertThat(wakes("answered")).isEqualTo(1.0);
        s.answered("answers", answered.sessionIdHex());
        assertThat(wakes("answered"))
                .as("a repeated Alert 1200 is not a second answer")
                .isEqualTo(1.0);

        bearer.script.add(new Delivery.Refused(2000, "bad address"));
        assertThat(s.wake("refused").state()).isEqualTo(State.FAILED);
        assertThat(pushes("refused")).isEqualTo(1.0);
        assertThat(wakes("failed")).isEqualTo(1.0);

        bearer.script.add(new IOException("gateway down"));
        assertThat(s.wake("flaky").state()).isEqualTo(State.SCHEDULED);
        assertThat(pushes("unavailable")).isEqualTo(1.0);

        s.wake("silent");
        assertThat(pushes("accepted")).isEqualTo(2.0);
        clock.advance(Duration.ofSeconds(10));
        s.runDue(); // flaky's retry
        assertThat(pushes("accepted")).isEqualTo(3.0);
        clock.advance(Duration.ofSeconds(60));
        s.runDue(); // silent re-sent (its second and last push); flaky, out of pushes, times out
        assertThat(pushes("accepted")).isEqualTo(4.0);
        assertThat(wakes("timed_out")).isEqualTo(1.0);
        clock.advance(Duration.ofSeconds(60));
        s.runDue();
        assertThat(wakes("timed_out"))
                .as("silent and flaky both ran out of pushes")
                .isEqualTo(2.0);
        assertThat(pushes("accepted") + pushes("refused") + pushes("unavailable"))
                .as("every push the bearer saw is counted once")
                .isEqualTo(bearer.packages.size());
    }
}
