package io.trustdm.tree;

import io.trustdm.protocol.codec.DecodeLimits;
import io.trustdm.protocol.message.Element;
import io.trustdm.protocol.xml.SyncMlXmlReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;

/** Shared test helpers: principals, a controllable clock, fixture loading. */
public final class TreeFixtures {
    public static final Principal A = Principal.server("srv-a.example.com");
    public static final Principal B = Principal.server("srv-b.example.com");
    public static final Instant T0 = Instant.parse("2024-05-01T10:00:00Z");

    private TreeFixtures() {}

    /** A clock that only moves when told to. */
    public static final class StepClock extends Clock {
        private Instant now = T0;

        public void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    public static ManagementTree tree() {
        return ManagementTree.builder().clock(new StepClock()).build();
    }

    public static ManagementTree tree(StepClock clock) {
        return ManagementTree.builder().clock(clock).build();
    }

    public static byte[] resource(String name) {
        try (InputStream in = TreeFixtures.class.getResourceAsStream("/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("missing test resource " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A TNDS document from src/test/resources/tnds. */
    public static Element tnds(String name) {
        return SyncMlXmlReader.readDdf(resource("tnds/" + name), DecodeLimits.DEFAULT);
    }
}
