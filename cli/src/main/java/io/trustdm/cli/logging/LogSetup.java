package io.trustdm.cli.logging;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.encoder.PatternLayoutEncoder;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.core.ConsoleAppender;
import ch.qos.logback.core.OutputStreamAppender;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.LayoutWrappingEncoder;
import java.io.OutputStream;
import java.util.Locale;
import org.slf4j.LoggerFactory;

/**
 * Switches the process's logging between the human format of {@code logback.xml} and JSON lines, and sets the level of
 * TrustDM's own loggers, at run time from the server configuration ({@code log.format}, {@code log.level}).
 */
public final class LogSetup {
    /** The appender name this class installs, so a second call replaces rather than duplicates it. */
    public static final String APPENDER = "TRUSTDM";

    private LogSetup() {}

    /** Logs to stderr in {@code format} ({@code text} or {@code json}); {@code level} applies to {@code io.trustdm}. */
    public static void apply(String format, String level) {
        ConsoleAppender<ILoggingEvent> console = new ConsoleAppender<>();
        console.setTarget("System.err");
        install(console, format, level);
    }

    /** Logs to {@code out} (tests capture the log this way). */
    public static void apply(String format, String level, OutputStream out) {
        OutputStreamAppender<ILoggingEvent> a = new OutputStreamAppender<>();
        a.setOutputStream(out);
        install(a, format, level);
    }

    private static void install(OutputStreamAppender<ILoggingEvent> appender, String format, String level) {
        if (!(LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx)) {
            return; // another SLF4J backend: leave it alone
        }
        appender.setContext(ctx);
        appender.setName(APPENDER);
        appender.setEncoder(encoder(ctx, format));
        appender.start();
        Logger root = ctx.getLogger(Logger.ROOT_LOGGER_NAME);
        root.detachAndStopAllAppenders();
        root.addAppender(appender);
        // other libraries stay quiet whatever TRUSTDM_LOG_LEVEL said to logback.xml; log.level is for our loggers
        root.setLevel(Level.WARN);
        ctx.getLogger("io.trustdm").setLevel(Level.toLevel(level.toUpperCase(Locale.ROOT), Level.INFO));
    }

    private static Encoder<ILoggingEvent> encoder(LoggerContext ctx, String format) {
        if (format.equalsIgnoreCase("json")) {
            JsonLogLayout layout = new JsonLogLayout();
            layout.setContext(ctx);
            layout.start();
            LayoutWrappingEncoder<ILoggingEvent> e = new LayoutWrappingEncoder<>();
            e.setContext(ctx);
            e.setLayout(layout);
            e.start();
            return e;
        }
        if (!format.equalsIgnoreCase("text")) {
            throw new IllegalArgumentException("log format must be text or json");
        }
        PatternLayoutEncoder e = new PatternLayoutEncoder();
        e.setContext(ctx);
        e.setPattern("%d{yyyy-MM-dd'T'HH:mm:ss.SSSXXX} %-5level %logger{30} [%X{deviceId:-}/%X{sessionId:-}] - %msg%n");
        e.start();
        return e;
    }
}
