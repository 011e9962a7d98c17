package io.sendzen.logs.shared;

import java.util.ArrayList;
import java.util.List;

/** Collects every problem of a request, then fails once naming them all. */
public final class Validation {

    private final List<Problem> problems = new ArrayList<>();

    public Validation add(String parameter, String problem) {
        problems.add(new Problem(parameter, problem));
        return this;
    }

    public boolean ok() {
        return problems.isEmpty();
    }

    public void throwIfAny() {
        if (!problems.isEmpty()) {
            throw ApiException.badRequest(problems);
        }
    }
}
