package io.trustdm.cli.fleet;

import java.io.PrintStream;
import java.util.Locale;

/**
 * A deliberately small progress display: on a terminal one line redrawn in place ({@code \r}) with a bar, elsewhere
 * (a log, a CI job) a plain line each time it is told to. It knows nothing about fleets beyond the figures it shows.
 */
public final class ProgressLine {
    private static final int WIDTH = 30;

    private final PrintStream out;
    private final boolean terminal;
    private int lastLength;

    public ProgressLine(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    /** Shows {@code fraction} done (0..1, or negative when unknown) and a text. */
    public synchronized void show(double fraction, String text) {
        if (!terminal) {
            out.println(text);
            return;
        }
        String line = bar(fraction) + " " + text;
        int pad = Math.max(0, lastLength - line.length());
        out.print("\r" + line + " ".repeat(pad));
        out.flush();
        lastLength = line.length();
    }

    /** Ends the in-place line so that later output starts on a fresh line. */
    public synchronized void finish() {
        if (terminal && lastLength > 0) {
            out.println();
            lastLength = 0;
        }
    }

    static String bar(double fraction) {
        if (fraction < 0) {
            return "[" + "?".repeat(WIDTH) + "]";
        }
        double f = Math.min(1, fraction);
        int full = (int) Math.round(f * WIDTH);
        return "[" + "#".repeat(full) + "-".repeat(WIDTH - full) + "] "
                + String.format(Locale.ROOT, "%3d%%", Math.round(f * 100));
    }
}
