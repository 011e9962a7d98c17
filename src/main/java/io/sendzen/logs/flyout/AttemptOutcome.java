package io.sendzen.logs.flyout;

/** How one forward attempt ended: delivered, to be tried again later, or given up on. */
public enum AttemptOutcome { SUCCESS, RETRY, FAILED }
