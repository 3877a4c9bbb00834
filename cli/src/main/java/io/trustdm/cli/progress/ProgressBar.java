package io.trustdm.cli.progress;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * Progress of a counted batch (an import, a fleet run). On a terminal it redraws one line in place with a carriage
 * return; anywhere else (a pipe, a log file, CI) it draws nothing, so output stays one line per event. Messages
 * printed through {@link #message(String)} appear above the bar on a terminal and as plain lines otherwise.
 *
 * <p>Rendering is a pure function of the counts ({@link #render(String, long, long, int)}), so it is tested without
 * timing. Not thread-safe: drive it from one thread.
 */
public final class ProgressBar implements AutoCloseable {
    /** Cells of the bar itself. */
    public static final int DEFAULT_WIDTH = 30;

    private final PrintStream out;
    private final String label;
    private final long total;
    private final boolean terminal;
    private final int width;
    private long done;
    private String drawn = "";
    private boolean closed;

    /**
     * A bar on {@code out}; {@code terminal} decides whether it is drawn at all.
     *
     * @param total number of steps, at least 0
     */
    public ProgressBar(PrintStream out, String label, long total, boolean terminal, int width) {
        this.out = Objects.requireNonNull(out, "out");
        this.label = Objects.requireNonNull(label, "label");
        if (total < 0) {
            throw new IllegalArgumentException("total must be >= 0");
        }
        if (width < 1) {
            throw new IllegalArgumentException("width must be >= 1");
        }
        this.total = total;
        this.terminal = terminal;
        this.width = width;
        redraw();
    }

    /** A bar on {@code out}, drawn only when this JVM has a console (interactive terminal). */
    public static ProgressBar onConsole(PrintStream out, String label, long total) {
        return new ProgressBar(out, label, total, System.console() != null, DEFAULT_WIDTH);
    }

    /** One more step done. */
    public void step() {
        advanceTo(done + 1);
    }

    /** Sets how many steps are done (clamped to the total). */
    public void advanceTo(long steps) {
        done = Math.max(0, Math.min(total, steps));
        redraw();
    }

    public long done() {
        return done;
    }

    public boolean isTerminal() {
        return terminal;
    }

    /** Prints a line of its own: above the bar on a terminal, as it is otherwise. */
    public void message(String line) {
        if (terminal && !drawn.isEmpty()) {
            out.print("\r" + " ".repeat(drawn.length()) + "\r");
            drawn = "";
        }
        out.println(line);
        redraw();
    }

    /** Ends the bar: on a terminal the last state stays on its line and the cursor moves below it. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (terminal && !drawn.isEmpty()) {
            out.println();
        }
        out.flush();
    }

    private void redraw() {
        if (!terminal || closed) {
            return;
        }
        String line = render(label, done, total, width);
        if (line.equals(drawn)) {
            return;
        }
        String pad = line.length() < drawn.length() ? " ".repeat(drawn.length() - line.length()) : "";
        out.print("\r" + line + pad);
        out.flush();
        drawn = line;
    }

    /**
     * The bar for {@code done} of {@code total} steps, e.g. {@code import [#######.......]  5/10  50%}. An empty batch
     * shows as complete.
     */
    public static String render(String label, long done, long total, int width) {
        double fraction = total == 0 ? 1.0 : (double) Math.min(done, total) / total;
        int filled = (int) Math.floor(fraction * width);
        int percent = (int) Math.floor(fraction * 100);
        String digits = Long.toString(total);
        return String.format(
                Locale.ROOT,
                "%s [%s%s] %" + digits.length() + "d/%s %3d%%",
                label,
                "#".repeat(filled),
                ".".repeat(width - filled),
                Math.min(done, total),
                digits,
                percent);
    }
}
