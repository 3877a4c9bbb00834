package io.trustdm.server.api;

import java.time.Instant;

/**
 * A value the server has read from a Device's management tree: the node's URI, the value as text (b64 for binary
 * data), its Format (chr, int, bin, node...) and when it was read.
 */
public record NodeValue(String path, String value, String format, Instant readAt) {}
