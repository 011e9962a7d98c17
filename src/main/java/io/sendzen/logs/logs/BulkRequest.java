package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Validation;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.OptionalLong;
import java.util.Set;

/**
 * The body of {@code POST /v1/logs/bulk-delete} and {@code POST /v1/logs/bulk-redeliver}: either {@code log_ids}, or
 * a {@code filter} with {@code dry_run} and {@code all} beside it. Types and unknown fields are checked by the strict
 * JSON reader, the rest here.
 */
public record BulkRequest(List<String> logIds, ObjectNode filter, Boolean dryRun, Boolean all) {

    static final int MAX_IDS = 1000;

    /** What a valid request asks for. */
    public sealed interface Valid permits ByIds, ByFilter {
    }

    /** A valid request by ids: each id once, in the order given. */
    public record ByIds(List<Long> logIds) implements Valid {
    }

    /** A valid request by filter. */
    public record ByFilter(ObjectNode filter, boolean dryRun) implements Valid {
    }

    /** The valid form of {@code request}; 400 naming every problem. */
    public static Valid validated(BulkRequest request) {
        if (request == null) {
            throw ApiException.badRequest("body", "is required");
        }
        Validation validation = new Validation();
        // generated clients send an empty log_ids with every filter: beside a filter, an empty list is no list
        if (request.logIds != null && request.logIds.isEmpty() && request.filter != null) {
            request = new BulkRequest(null, request.filter, request.dryRun, request.all);
        }
        if (request.logIds != null && request.filter != null) {
            validation.add("log_ids", "must not be given together with filter");
        } else if (request.logIds == null && request.filter == null) {
            validation.add("body", "must have log_ids or filter");
        } else if (request.logIds != null) {
            if (request.dryRun != null) {
                validation.add("dry_run", "goes only with filter");
            }
            if (request.all != null) {
                validation.add("all", "goes only with filter");
            }
            if (request.logIds.isEmpty() || request.logIds.size() > MAX_IDS) {
                validation.add("log_ids", "must hold 1 to " + MAX_IDS + " log ids");
            }
            Set<Long> ids = new LinkedHashSet<>();
            for (int i = 0; i < request.logIds.size() && i < MAX_IDS; i++) {
                OptionalLong id = LogIds.parse(request.logIds.get(i));
                if (id.isEmpty()) {
                    validation.add("log_ids[" + i + "]", LogIds.PROBLEM);
                } else {
                    ids.add(id.getAsLong());
                }
            }
            validation.throwIfAny();
            return new ByIds(new ArrayList<>(ids));
        } else {
            boolean all = Boolean.TRUE.equals(request.all);
            if (request.filter.isEmpty() && !all) {
                validation.add("filter", "is empty, which selects every entry of the project: "
                        + "send \"all\": true beside it to mean that");
            } else if (!request.filter.isEmpty() && request.all != null) {
                validation.add("all", "goes only with an empty filter");
            }
        }
        validation.throwIfAny();
        return new ByFilter(request.filter, Boolean.TRUE.equals(request.dryRun));
    }
}
