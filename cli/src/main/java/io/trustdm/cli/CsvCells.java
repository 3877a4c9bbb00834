package io.trustdm.cli;

import java.util.ArrayList;
import java.util.List;

/** The CSV dialect of the device files that {@code admin devices import} and {@code fleet --import} read. */
public final class CsvCells {
    private CsvCells() {}

    /**
     * Splits one line into cells: commas separate, a cell in double quotes may hold commas, and {@code ""} inside
     * quotes is one quote. A quote inside an unquoted cell, or a quoted cell left open, is an
     * {@link IllegalArgumentException} naming the problem (the caller adds the line number).
     */
    public static List<String> split(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder cell = new StringBuilder();
        boolean quoted = false;
        boolean wasQuoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        cell.append('"');
                        i++;
                    } else {
                        quoted = false;
                    }
                } else {
                    cell.append(c);
                }
            } else if (c == ',') {
                out.add(cell.toString());
                cell.setLength(0);
                wasQuoted = false;
            } else if (c == '"') {
                if (wasQuoted || !cell.toString().isBlank()) {
                    throw new IllegalArgumentException("a quote inside an unquoted cell");
                }
                cell.setLength(0);
                quoted = true;
                wasQuoted = true;
            } else {
                cell.append(c);
            }
        }
        if (quoted) {
            throw new IllegalArgumentException("a quoted cell is not closed");
        }
        out.add(cell.toString());
        return out;
    }
}
