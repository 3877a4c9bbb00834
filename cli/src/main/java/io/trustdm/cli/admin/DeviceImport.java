package io.trustdm.cli.admin;

import io.trustdm.cli.CsvCells;
import io.trustdm.cli.progress.ProgressBar;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/**
 * {@code trustdm admin devices import FILE}: registers every device of a CSV file (header
 * {@code devId,auth,username,password,serverPassword}, any column order, {@code serverPassword} optional). A row
 * that fails is reported with its line number and the import goes on; the exit code is 1 when any row failed. The
 * file is read whole before the first request, so a malformed file registers nothing.
 */
@Command(
        name = "import",
        mixinStandardHelpOptions = true,
        description = "Register devices from a CSV file with the header devId,auth,username,password,serverPassword.")
final class DeviceImport extends AdminLeaf {
    static final List<String> REQUIRED = List.of("devId", "auth", "username", "password");
    static final String OPTIONAL = "serverPassword";

    @Parameters(paramLabel = "FILE", description = "the CSV file (UTF-8)")
    Path file;

    @picocli.CommandLine.Option(
            names = "--server-id",
            paramLabel = "S",
            description = "the server's ServerID, its AAuthName toward the devices (default ${DEFAULT-VALUE})")
    String serverId = "trustdm";

    /** One data row of the file, the line it is on, and why it cannot be used as it is ({@code null}: it can). */
    record Row(int line, Map<String, String> fields, String problem) {}

    private List<Row> rows;

    @Override
    void check() {
        rows = read(file);
    }

    @Override
    int run(ApiClient api, PrintStream out) {
        List<String> failures = new ArrayList<>();
        int ok = 0;
        try (ProgressBar bar = ProgressBar.onConsole(out, "import", rows.size())) {
            for (Row r : rows) {
                String devId = r.fields().get("devId");
                try {
                    if (r.problem() != null) {
                        throw AdminFailure.usage(r.problem());
                    }
                    Map<String, Object> body = DeviceRequest.body(
                            devId,
                            r.fields().get("auth"),
                            r.fields().get("username"),
                            r.fields().get("password"),
                            serverId,
                            r.fields().get(OPTIONAL));
                    api.post("/devices", body);
                    ok++;
                } catch (AdminFailure f) {
                    if (f.exitCode() == AdminFailure.REMOTE && f.httpStatus() == 0) {
                        throw f; // the server is unreachable: every further row would fail the same way
                    }
                    String line = "line " + r.line()
                            + (devId == null || devId.isEmpty() ? "" : " (" + Json.printable(devId) + ")") + ": "
                            + f.getMessage();
                    failures.add(line);
                    bar.message(line);
                }
                bar.step();
            }
        }
        out.println("imported " + ok + " of " + rows.size() + " devices from " + file
                + (failures.isEmpty() ? "" : "; " + failures.size() + " failed"));
        return failures.isEmpty() ? 0 : 1;
    }

    static List<Row> read(Path file) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw AdminFailure.usage("no such file " + file);
        } catch (CharacterCodingException e) {
            throw AdminFailure.usage(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw AdminFailure.usage("cannot read " + file + ": " + e.getMessage());
        }
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        return parse(text, file.toString());
    }

    /** Parses the CSV text: header first, blank lines skipped, RFC 4180 quoting within a line. */
    static List<Row> parse(String text, String name) {
        String[] lines = text.split("\r?\n", -1);
        List<String> header = null;
        List<Row> rows = new ArrayList<>();
        for (int i = 0; i < lines.length; i++) {
            String line = lines[i];
            if (line.isBlank()) {
                continue;
            }
            List<String> cells;
            try {
                cells = CsvCells.split(line);
            } catch (IllegalArgumentException e) {
                if (header == null) {
                    throw AdminFailure.usage(name + " line " + (i + 1) + ": " + e.getMessage());
                }
                rows.add(new Row(i + 1, Map.of(), e.getMessage()));
                continue;
            }
            if (header == null) {
                header = cells.stream().map(String::strip).toList();
                checkHeader(header, name);
                continue;
            }
            Map<String, String> fields = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                fields.put(header.get(c), c < cells.size() ? cells.get(c).strip() : "");
            }
            String problem = cells.size() > header.size()
                    ? cells.size() + " cells, but the header names " + header.size() + " columns"
                    : null;
            rows.add(new Row(i + 1, fields, problem));
        }
        if (header == null) {
            throw AdminFailure.usage(
                    name + " is empty: expected the header " + String.join(",", REQUIRED) + "," + OPTIONAL);
        }
        return rows;
    }

    private static void checkHeader(List<String> header, String name) {
        List<String> lower =
                header.stream().map(h -> h.toLowerCase(Locale.ROOT)).toList();
        for (String col : REQUIRED) {
            if (!header.contains(col)) {
                throw AdminFailure.usage(name + ": the header must name the columns " + String.join(",", REQUIRED)
                        + "[," + OPTIONAL + "]; missing " + col
                        + (lower.contains(col.toLowerCase(Locale.ROOT)) ? " (names are case-sensitive)" : ""));
            }
        }
        for (String h : header) {
            if (!REQUIRED.contains(h) && !h.equals(OPTIONAL)) {
                throw AdminFailure.usage(name + ": unknown column " + h);
            }
        }
        if (header.stream().distinct().count() != header.size()) {
            throw AdminFailure.usage(name + ": a column is named twice in the header");
        }
    }
}
