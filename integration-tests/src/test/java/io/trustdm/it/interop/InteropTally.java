package io.trustdm.it.interop;

import static org.assertj.core.api.Assertions.fail;

import io.trustdm.it.interop.XmlMeaning.Node;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.UnaryOperator;

/**
 * Asserts that two documents mean the same and counts what was compared, so each suite can print how many corpus
 * files, document comparisons and element comparisons ran, and which documented exceptions were used where.
 */
final class InteropTally {
    private final String suite;
    private final Set<String> files = new TreeSet<>();
    private final AtomicInteger comparisons = new AtomicInteger();
    private final AtomicInteger elements = new AtomicInteger();
    private final AtomicInteger peerRuns = new AtomicInteger();
    private final Map<String, Set<String>> exceptions = new TreeMap<>();

    InteropTally(String suite) {
        this.suite = suite;
    }

    /** Counts one run of a peer program. */
    void peerRan() {
        peerRuns.incrementAndGet();
    }

    /** Records that a documented exception was applied to a file. */
    synchronized void exception(String file, String what) {
        exceptions.computeIfAbsent(what, k -> new TreeSet<>()).add(file);
    }

    /**
     * Applies a documented normalisation to one side of a comparison and records the file under {@code label} when
     * it changed anything, so the summary shows which files needed which rule.
     */
    List<Node> rule(String file, String label, UnaryOperator<List<Node>> rule, List<Node> nodes) {
        List<Node> out = rule.apply(nodes);
        if (!out.equals(nodes)) {
            exception(file, label);
        }
        return out;
    }

    /** Fails with the first difference unless both element lists are equal. */
    void assertSameMeaning(String file, String direction, List<Node> expected, List<Node> actual, byte[] peerOutput) {
        String diff = XmlMeaning.difference(expected, actual);
        if (diff != null) {
            fail(file + " (" + direction + "): " + diff + "\npeer document:\n" + XmlMeaning.preview(peerOutput));
        }
        synchronized (this) {
            files.add(file);
        }
        comparisons.incrementAndGet();
        elements.addAndGet(expected.size());
    }

    synchronized String summary() {
        StringBuilder sb = new StringBuilder();
        sb.append("[interop] ")
                .append(suite)
                .append(": ")
                .append(files.size())
                .append(" corpus files, ")
                .append(comparisons.get())
                .append(" document comparisons (")
                .append(elements.get())
                .append(" elements), ")
                .append(peerRuns.get())
                .append(" peer runs");
        exceptions.forEach((what, where) ->
                sb.append("\n[interop]   rule \"").append(what).append("\": ").append(where));
        return sb.toString();
    }
}
