package io.trustdm.cli.logging;

import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.core.LayoutBase;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/**
 * One JSON object per log line, for log shippers that should not have to parse free text: {@code ts} (ISO-8601 UTC),
 * {@code level}, {@code logger}, {@code thread}, {@code msg}, then the MDC entries the server sets while it handles a
 * Device's message ({@code deviceId}, {@code sessionId}), and {@code error} when an exception was logged. Only what
 * the code logged is written; the layout adds nothing secret.
 */
public final class JsonLogLayout extends LayoutBase<ILoggingEvent> {

    @Override
    public String doLayout(ILoggingEvent e) {
        StringBuilder sb = new StringBuilder(256);
        sb.append('{');
        field(sb, "ts", Instant.ofEpochMilli(e.getTimeStamp()).toString());
        sb.append(',');
        field(sb, "level", e.getLevel().toString());
        sb.append(',');
        field(sb, "logger", e.getLoggerName());
        sb.append(',');
        field(sb, "thread", e.getThreadName());
        sb.append(',');
        field(sb, "msg", e.getFormattedMessage());
        Map<String, String> mdc = e.getMDCPropertyMap();
        if (mdc != null) {
            for (Map.Entry<String, String> m : new TreeMap<>(mdc).entrySet()) {
                if (m.getValue() != null) {
                    sb.append(',');
                    field(sb, m.getKey(), m.getValue());
                }
            }
        }
        IThrowableProxy t = e.getThrowableProxy();
        if (t != null) {
            sb.append(',');
            field(sb, "error", t.getClassName() + (t.getMessage() == null ? "" : ": " + t.getMessage()));
        }
        sb.append('}').append(System.lineSeparator());
        return sb.toString();
    }

    @Override
    public String getContentType() {
        return "application/x-ndjson";
    }

    private static void field(StringBuilder sb, String name, String value) {
        quote(sb, name);
        sb.append(':');
        quote(sb, value == null ? "" : value);
    }

    /** JSON string escaping (RFC 8259): quote, backslash and every control character. */
    static void quote(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                case '\n' -> sb.append("\\n");
                case '\r' -> sb.append("\\r");
                case '\t' -> sb.append("\\t");
                default -> {
                    if (c < 0x20 || c == 0x2028 || c == 0x2029) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        sb.append('"');
    }
}
