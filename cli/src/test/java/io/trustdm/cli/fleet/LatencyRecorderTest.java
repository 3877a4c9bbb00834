package io.trustdm.cli.fleet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class LatencyRecorderTest {
    @Test
    void nearest_rank_percentiles_of_one_to_a_hundred() {
        LatencyRecorder r = new LatencyRecorder();
        List<Long> values = new ArrayList<>();
        for (long v = 1; v <= 100; v++) {
            values.add(v);
        }
        Collections.shuffle(values, new Random(42));
        values.forEach(r::record);
        long[] s = r.sorted();
        assertThat(LatencyRecorder.percentile(s, 0.50)).isEqualTo(50);
        assertThat(LatencyRecorder.percentile(s, 0.95)).isEqualTo(95);
        assertThat(LatencyRecorder.percentile(s, 0.99)).isEqualTo(99);
        assertThat(LatencyRecorder.percentile(s, 1.0)).isEqualTo(100);
        assertThat(LatencyRecorder.percentile(s, 0.001)).isEqualTo(1);
    }

    @Test
    void small_samples_take_the_value_at_or_above_the_rank() {
        long[] s = {10, 20, 30};
        assertThat(LatencyRecorder.percentile(s, 0.5)).isEqualTo(20);
        assertThat(LatencyRecorder.percentile(s, 0.99)).isEqualTo(30);
        assertThat(LatencyRecorder.percentile(new long[] {7}, 0.5)).isEqualTo(7);
        assertThat(LatencyRecorder.percentile(new long[0], 0.5)).isZero();
    }

    @Test
    void recorder_grows_and_rejects_nonsense() {
        LatencyRecorder r = new LatencyRecorder();
        for (int i = 5000; i > 0; i--) {
            r.record(i);
        }
        assertThat(r.count()).isEqualTo(5000);
        assertThat(r.sorted()).startsWith(1, 2, 3).endsWith(5000);
        assertThatThrownBy(() -> r.record(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyRecorder.percentile(new long[] {1}, 0))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> LatencyRecorder.percentile(new long[] {1}, 1.5))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
