package io.trustdm.server.api;

import java.util.List;

/** A slice of a longer list: the items, the total count, and where the slice starts. */
public record Page<T>(List<T> items, int total, int offset, int limit) {
    public Page {
        items = List.copyOf(items);
    }

    /** The slice of {@code all} starting at {@code offset}, at most {@code limit} long. */
    public static <T> Page<T> of(List<T> all, int offset, int limit) {
        int from = Math.min(Math.max(0, offset), all.size());
        int to = Math.min(all.size(), from + Math.max(0, limit));
        return new Page<>(all.subList(from, to), all.size(), from, limit);
    }
}
