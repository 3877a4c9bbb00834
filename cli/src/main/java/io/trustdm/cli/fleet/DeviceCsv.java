package io.trustdm.cli.fleet;

import io.trustdm.cli.CsvCells;
import io.trustdm.security.auth.AuthScheme;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Reads the devices of a bulk-import CSV file, the format {@code trustdm admin devices import} registers: a header
 * naming the columns {@code devId,auth,username,password} and optionally {@code serverPassword}, in any order, then
 * one device per line (RFC 4180 quoting, UTF-8, blank lines skipped). Any bad line fails the whole file with its line
 * number, so a fleet never starts on half a device list.
 */
public final class DeviceCsv {
    static final List<String> REQUIRED = List.of("devId", "auth", "username", "password");
    static final String SERVER_PASSWORD = "serverPassword";

    private DeviceCsv() {}

    /** Reads and parses {@code file}. */
    public static List<FleetDevice> read(Path file, boolean certificateRequired) {
        String text;
        try {
            text = StandardCharsets.UTF_8
                    .newDecoder()
                    .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
                    .toString();
        } catch (NoSuchFileException e) {
            throw new FleetInputException("no such file " + file);
        } catch (CharacterCodingException e) {
            throw new FleetInputException(file + " is not UTF-8 text");
        } catch (IOException e) {
            throw new FleetInputException("cannot read " + file + ": " + e.getMessage());
        }
        return parse(text, file.toString(), certificateRequired);
    }

    /** Parses CSV text; {@code name} names the source in error messages. */
    public static List<FleetDevice> parse(String text, String name, boolean certificateRequired) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        String[] lines = text.split("\r?\n", -1);
        List<String> header = null;
        List<FleetDevice> out = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < lines.length; i++) {
            if (lines[i].isBlank()) {
                continue;
            }
            String where = name + " line " + (i + 1) + ": ";
            List<String> cells;
            try {
                cells = CsvCells.split(lines[i]);
            } catch (IllegalArgumentException e) {
                throw new FleetInputException(where + e.getMessage());
            }
            if (header == null) {
                header = cells.stream().map(String::strip).toList();
                for (String r : REQUIRED) {
                    if (!header.contains(r)) {
                        throw new FleetInputException(where + "the header lacks the column " + r + " (expected "
                                + String.join(",", REQUIRED) + "," + SERVER_PASSWORD + ")");
                    }
                }
                continue;
            }
            if (cells.size() != header.size()) {
                throw new FleetInputException(
                        where + cells.size() + " cells, but the header names " + header.size() + " columns");
            }
            Map<String, String> f = new HashMap<>();
            for (int c = 0; c < header.size(); c++) {
                f.put(header.get(c), cells.get(c).strip());
            }
            for (String r : REQUIRED) {
                if (f.get(r).isEmpty()) {
                    throw new FleetInputException(where + r + " is empty");
                }
            }
            if (!seen.add(f.get("devId"))) {
                throw new FleetInputException(where + "device " + f.get("devId") + " appears twice");
            }
            String sp = f.getOrDefault(SERVER_PASSWORD, "");
            out.add(new FleetDevice(
                    f.get("devId"),
                    scheme(f.get("auth"), where),
                    f.get("username"),
                    f.get("password"),
                    sp.isEmpty() ? null : sp,
                    certificateRequired));
        }
        if (header == null) {
            throw new FleetInputException(
                    name + " is empty: expected the header " + String.join(",", REQUIRED) + "," + SERVER_PASSWORD);
        }
        if (out.isEmpty()) {
            throw new FleetInputException(name + " lists no devices");
        }
        return out;
    }

    private static AuthScheme scheme(String auth, String where) {
        return switch (auth.toLowerCase(Locale.ROOT)) {
            case "md5" -> AuthScheme.MD5;
            case "hmac" -> AuthScheme.HMAC;
            case "basic" -> AuthScheme.BASIC;
            default -> throw new FleetInputException(where + "auth must be md5, hmac or basic, not " + auth);
        };
    }
}
