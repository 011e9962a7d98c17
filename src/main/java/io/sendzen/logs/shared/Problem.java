package io.sendzen.logs.shared;

/** One thing wrong with a request: the parameter (query, path or body field) and what is wrong with it. */
public record Problem(String parameter, String problem) {
}
