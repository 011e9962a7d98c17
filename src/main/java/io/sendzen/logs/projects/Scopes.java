package io.sendzen.logs.projects;

import java.util.Set;

/** The scopes a token can carry, as the {@code groups} claim. */
public final class Scopes {

    public static final String LOGS_READ = "logs:read";
    public static final String LOGS_WRITE = "logs:write";
    public static final String ADMIN = "admin";

    /** What a project token may be given; {@code admin} is only for tokens without a project. */
    public static final Set<String> PROJECT_SCOPES = Set.of(LOGS_READ, LOGS_WRITE);

    private Scopes() {
    }
}
