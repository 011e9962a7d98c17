package io.sendzen.logs.store;

/** A batch of entries was committed, {@code forwards} of them with a pending forward (a CDI event). */
public record EntriesStored(int entries, int forwards) {
}
