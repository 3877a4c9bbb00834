package io.trustdm.cli.fleet;

import io.trustdm.security.auth.AuthScheme;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parses the values of {@code trustdm fleet} options; every bad value is a {@link FleetInputException} naming it. */
public final class FleetArguments {
    private FleetArguments() {}

    /** What {@code --auth} selects: the DM-level scheme, and whether a TLS client certificate is required too. */
    public record Auth(AuthScheme scheme, boolean certificate) {}

    /** {@code md5}, {@code hmac}, or {@code cert} (a client certificate required on every message, plus MD5). */
    public static Auth auth(String text) {
        return switch (text == null ? "" : text.strip().toLowerCase(Locale.ROOT)) {
            case "md5" -> new Auth(AuthScheme.MD5, false);
            case "hmac" -> new Auth(AuthScheme.HMAC, false);
            case "cert" -> new Auth(AuthScheme.MD5, true);
            default -> throw new FleetInputException("--auth must be md5, hmac or cert, not " + text);
        };
    }

    /** A positive duration: {@code 250ms}, {@code 30s}, {@code 5m}, {@code 1h} or ISO-8601 ({@code PT30S}). */
    public static Duration duration(String text, String option) {
        String t = text == null ? "" : text.strip().toLowerCase(Locale.ROOT);
        Duration d;
        try {
            if (t.startsWith("p")) {
                d = Duration.parse(t.toUpperCase(Locale.ROOT));
            } else if (t.endsWith("ms")) {
                d = Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
            } else if (t.endsWith("s")) {
                d = Duration.ofSeconds(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("m")) {
                d = Duration.ofMinutes(Long.parseLong(t.substring(0, t.length() - 1)));
            } else if (t.endsWith("h")) {
                d = Duration.ofHours(Long.parseLong(t.substring(0, t.length() - 1)));
            } else {
                throw new FleetInputException(option + " needs a unit: 250ms, 30s, 5m, 1h or ISO-8601");
            }
        } catch (NumberFormatException | DateTimeParseException | ArithmeticException e) {
            throw new FleetInputException(option + " is not a duration: " + text);
        }
        if (d.isNegative() || d.isZero()) {
            throw new FleetInputException(option + " must be positive: " + text);
        }
        return d;
    }

    /** A count in {@code [min, max]}. */
    public static int count(int value, int min, int max, String option) {
        if (value < min || value > max) {
            throw new FleetInputException(option + " must be between " + min + " and " + max + ", not " + value);
        }
        return value;
    }
}
