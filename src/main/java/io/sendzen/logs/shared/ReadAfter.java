package io.sendzen.logs.shared;

import io.quarkus.arc.Arc;
import io.quarkus.arc.ArcContainer;
import jakarta.enterprise.context.RequestScoped;

import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The WAL position a request's reads must see: the one a write of the same client answered with, sent back in the
 * {@value #HEADER} header or the {@value #COOKIE} cookie ({@link ReadAfterHeaders}). Empty when the client sent none.
 */
@RequestScoped
public class ReadAfter {

    public static final String HEADER = "SendZen-Read-After";
    public static final String COOKIE = "sendzen_read_after";
    /** PostgreSQL's text form of an LSN. */
    static final Pattern LSN = Pattern.compile("[0-9A-Fa-f]{1,8}/[0-9A-Fa-f]{1,8}");

    private String lsn;

    void set(String lsn) {
        this.lsn = lsn;
    }

    // through a method: the bean is reached through its client proxy, whose own fields are never set
    String lsn() {
        return lsn;
    }

    /** The position the current request must read at least up to; empty outside a request, or with none sent. */
    public static Optional<String> current() {
        ArcContainer container = Arc.container();
        if (container == null || !container.requestContext().isActive()) {
            return Optional.empty();
        }
        return Optional.ofNullable(container.instance(ReadAfter.class).get().lsn());
    }
}
