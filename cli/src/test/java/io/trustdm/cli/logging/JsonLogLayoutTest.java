package io.trustdm.cli.logging;

import static org.assertj.core.api.Assertions.assertThat;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.ContextInitializer;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/** Every line the JSON layout writes is one parseable object with the documented fields, whatever the message holds. */
class JsonLogLayoutTest {
    private static final JsonMapper JSON = JsonMapper.builder().build();

    @AfterEach
    void restore() throws Exception {
        LoggerContext ctx = (LoggerContext) LoggerFactory.getILoggerFactory();
        ctx.reset();
        new ContextInitializer(ctx).autoConfig();
    }

    @Test
    void lines_are_json_with_level_logger_message_and_the_mdc() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogSetup.apply("json", "debug", out);
        Logger log = LoggerFactory.getLogger("io.trustdm.test.Json");
        try (var d = MDC.putCloseable("deviceId", "IMEI:1\"2");
                var s = MDC.putCloseable("sessionId", "1F")) {
            log.info("quote \" backslash \\ newline \n tab \t bell \u0007 end");
        }
        log.debug("debug reaches our loggers", new IllegalStateException("boom"));
        LoggerFactory.getLogger("org.example.Other").info("other libraries stay at warn");

        List<String> lines = out.toString(StandardCharsets.UTF_8).lines().toList();
        assertThat(lines).hasSize(2);
        JsonNode first = JSON.readTree(lines.get(0));
        assertThat(first.get("level").asString()).isEqualTo("INFO");
        assertThat(first.get("logger").asString()).isEqualTo("io.trustdm.test.Json");
        assertThat(first.get("msg").asString()).isEqualTo("quote \" backslash \\ newline \n tab \t bell \u0007 end");
        assertThat(first.get("deviceId").asString()).isEqualTo("IMEI:1\"2");
        assertThat(first.get("sessionId").asString()).isEqualTo("1F");
        assertThat(first.get("ts").asString()).matches("\\d{4}-\\d\\d-\\d\\dT.*Z");
        JsonNode second = JSON.readTree(lines.get(1));
        assertThat(second.has("deviceId")).isFalse();
        assertThat(second.get("error").asString()).isEqualTo("java.lang.IllegalStateException: boom");
    }

    @Test
    void text_format_keeps_one_human_line_per_event() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        LogSetup.apply("text", "info", out);
        LoggerFactory.getLogger("io.trustdm.test.Text").info("hello");
        LoggerFactory.getLogger("io.trustdm.test.Text").debug("hidden at info");
        assertThat(out.toString(StandardCharsets.UTF_8).lines().toList())
                .singleElement()
                .asString()
                .contains("INFO")
                .endsWith("- hello");
    }
}
