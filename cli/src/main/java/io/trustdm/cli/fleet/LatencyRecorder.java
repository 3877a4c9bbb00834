package io.trustdm.cli.fleet;

import java.util.Arrays;

/**
 * Session latencies, every value kept (8 bytes a session), so percentiles are exact: the nearest-rank percentile of
 * the recorded values, not an estimate. Thread-safe.
 */
public final class LatencyRecorder {
    private long[] values = new long[1024];
    private int count;

    /** Records one latency in nanoseconds. */
    public synchronized void record(long nanos) {
        if (nanos < 0) {
            throw new IllegalArgumentException("negative latency");
        }
        if (count == values.length) {
            values = Arrays.copyOf(values, values.length * 2);
        }
        values[count++] = nanos;
    }

    public synchronized int count() {
        return count;
    }

    /** A sorted copy of the values recorded so far. */
    public synchronized long[] sorted() {
        long[] s = Arrays.copyOf(values, count);
        Arrays.sort(s);
        return s;
    }

    /**
     * The nearest-rank percentile of sorted values: the smallest value with at least {@code q} of all values at or
     * below it ({@code q} in (0, 1]). Zero for no values.
     */
    public static long percentile(long[] sorted, double q) {
        if (!(q > 0 && q <= 1)) {
            throw new IllegalArgumentException("q must be in (0, 1]: " + q);
        }
        if (sorted.length == 0) {
            return 0;
        }
        // the small tolerance keeps 0.95 * 100 at rank 95 despite binary floating point
        int rank = (int) Math.ceil(q * sorted.length - 1e-9);
        return sorted[Math.max(rank, 1) - 1];
    }
}
