package io.trustdm.cli.admin;

import io.trustdm.server.api.InvalidInputException;
import io.trustdm.server.api.OperationSpec;
import java.util.List;

/**
 * Turns the job options of {@code trustdm admin jobs add} into operations: {@code --get ./P}, {@code --replace ./P=v},
 * {@code --add ./P[=v]}, {@code --delete ./P}, {@code --exec ./P[=data]}, {@code --copy ./Target=./Source}. The
 * value starts after the first {@code =}, so a value may itself contain {@code =}. Paths are checked here so that a
 * typo is a usage error before anything reaches the server.
 */
public final class OperationArgs {
    private static final int MAX_URI = 1024;

    private OperationArgs() {}

    public static OperationSpec get(String arg) {
        return OperationSpec.of("Get", path("--get", arg), null);
    }

    public static OperationSpec delete(String arg) {
        return OperationSpec.of("Delete", path("--delete", arg), null);
    }

    public static OperationSpec replace(String arg) {
        String[] pv = split("--replace", arg, true);
        return OperationSpec.of("Replace", path("--replace", pv[0]), pv[1]);
    }

    public static OperationSpec add(String arg) {
        String[] pv = split("--add", arg, false);
        return OperationSpec.of("Add", path("--add", pv[0]), pv[1]);
    }

    public static OperationSpec exec(String arg) {
        String[] pv = split("--exec", arg, false);
        return OperationSpec.of("Exec", path("--exec", pv[0]), pv[1]);
    }

    public static OperationSpec copy(String arg) {
        String[] ts = split("--copy", arg, true);
        return new OperationSpec(
                "Copy", path("--copy", ts[0]), path("--copy source", ts[1]), null, null, null, null, null);
    }

    /** Wraps the operations in an Atomic or Sequence ({@code group} null: as they are). */
    public static List<OperationSpec> grouped(String group, List<OperationSpec> ops) {
        List<OperationSpec> out = group == null
                ? List.copyOf(ops)
                : List.of(new OperationSpec(group, null, null, null, null, null, null, ops));
        for (OperationSpec op : out) {
            try {
                op.toCommand(); // the server's own rules (RepPro §6.6 container rules among them)
            } catch (InvalidInputException e) {
                throw AdminFailure.usage(e.getMessage());
            }
        }
        return out;
    }

    /** Splits {@code PATH=VALUE} at the first '='; without '=' the value is null (refused when required). */
    private static String[] split(String option, String arg, boolean valueRequired) {
        int eq = arg.indexOf('=');
        if (eq < 0) {
            if (valueRequired) {
                throw AdminFailure.usage(option + " needs PATH=VALUE, got " + arg);
            }
            return new String[] {arg, null};
        }
        return new String[] {arg.substring(0, eq), arg.substring(eq + 1)};
    }

    /**
     * An absolute DM URI: {@code .} or {@code ./a/b}, no empty, {@code .} or {@code ..} segments, no trailing slash,
     * no spaces or control characters, at most 1024 characters.
     */
    static String path(String option, String p) {
        if (p == null || p.isEmpty()) {
            throw AdminFailure.usage(option + " needs a path such as ./DevInfo/Man");
        }
        if (p.length() > MAX_URI) {
            throw AdminFailure.usage(option + ": the path is longer than " + MAX_URI + " characters");
        }
        if (p.chars().anyMatch(c -> c <= 0x20 || c == 0x7F)) {
            throw AdminFailure.usage(option + ": the path must not contain spaces or control characters: " + p);
        }
        if (p.equals(".")) {
            return p;
        }
        if (!p.startsWith("./")) {
            throw AdminFailure.usage(option + ": the path must be absolute, starting with ./ (got " + p + ")");
        }
        String[] segments = p.substring(2).split("/", -1);
        for (String s : segments) {
            if (s.isEmpty() || s.equals(".") || s.equals("..")) {
                throw AdminFailure.usage(option + ": the path has an empty, . or .. segment: " + p);
            }
        }
        return p;
    }
}
