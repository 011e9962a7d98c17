package io.sendzen.logs.logs;

import io.sendzen.logs.store.EntryFilter;

/** A parsed, valid request of {@code GET /v1/logs}: which entries, in which order, how many, from where. */
public record LogFilter(EntryFilter entries, boolean descending, int pageSize, String nextPageToken) {

    /** What a page token is bound to: the filters and the order. */
    String canonical() {
        return entries.canonical() + "\u0001" + (descending ? "desc" : "asc");
    }
}
