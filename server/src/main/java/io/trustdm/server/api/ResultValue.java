package io.trustdm.server.api;

/** One item a Device returned in Results (or in a Generic Alert): the source URI, its value as text, its format. */
public record ResultValue(String path, String value, String format, String type) {}
