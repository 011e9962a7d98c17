package io.sendzen.logs.logs;

import io.sendzen.logs.store.EntryFilter;

/** A parsed, valid request of {@code GET /v1/logs/export}: which entries, in which order, written how. */
public record ExportRequest(EntryFilter entries, boolean descending, ExportFormat format) {
}
