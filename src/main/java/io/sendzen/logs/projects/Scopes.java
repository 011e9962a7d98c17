package io.sendzen.logs.projects;

import java.util.Set;

/** The scopes a token can carry, as the {@code groups} claim. */
public final class Scopes {

    public static final String LOGS_READ = "logs:read";
    public static final String LOGS_WRITE = "logs:write";
    /** Sending through the Cloud API with {@code POST /v1/messages}. */
    public static final String MESSAGES_SEND = "messages:send";
    public static final String ADMIN = "admin";

    /** What a project token may be given; {@code admin} is only for tokens without a project. */
    public static final Set<String> PROJECT_SCOPES = Set.of(LOGS_READ, LOGS_WRITE, MESSAGES_SEND);

    /** The project scopes as error messages list them. */
    public static final String PROJECT_SCOPE_NAMES = "logs:read, logs:write, messages:send";

    private Scopes() {
    }
}
