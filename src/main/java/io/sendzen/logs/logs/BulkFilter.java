package io.sendzen.logs.logs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.store.EntryFilter;
import io.sendzen.logs.store.EntryQuery.EntryKey;

/**
 * What a job over the entries a filter selects works on: the filter as sent, and the upper bound fixed when the job
 * was started (its {@code toDate}, or the time it was started), so that what arrives later is left alone. Stored as
 * the job's parameters; its position is the key of the last entry a batch handled.
 */
public record BulkFilter(ObjectNode filter, EntryFilter entries, long toDate) {

    /** The filter of a request, its upper bound fixed now; 400 naming each problem. */
    public static BulkFilter of(ObjectNode filter) {
        EntryFilter entries = FilterBody.parse(filter);
        return new BulkFilter(filter, entries, entries.toDate() != null ? entries.toDate() : Ticks.now());
    }

    /** As stored with a job, by {@link #params}. */
    public static BulkFilter read(ObjectMapper json, String jobId, String params) {
        try {
            JsonNode stored = json.readTree(params);
            ObjectNode filter = (ObjectNode) stored.get("filter");
            return new BulkFilter(filter, FilterBody.parse(filter), stored.get("to_date").asLong());
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("job " + jobId + " has parameters that are not JSON", e);
        }
    }

    /** The job's parameters. */
    public String params(ObjectMapper json) {
        ObjectNode params = json.createObjectNode();
        params.set("filter", filter);
        params.put("to_date", toDate);
        return params.toString();
    }

    /** What a job's audit record names as its target. */
    public ObjectNode target(ObjectMapper json, String jobId, String state) {
        ObjectNode target = json.createObjectNode();
        target.put("job_id", jobId);
        target.put("state", state);
        target.set("filter", filter);
        target.put("to_date", toDate);
        return target;
    }

    /** A job's position after {@code last}. */
    public static String position(EntryKey last) {
        return last.createdAt() + ":" + last.logId();
    }

    /** Where a job at {@code position} goes on from; null for one that has not started. */
    public static EntryKey after(String position) {
        if (position == null) {
            return null;
        }
        int colon = position.indexOf(':');
        return new EntryKey(Long.parseLong(position.substring(0, colon)), Long.parseLong(position.substring(colon + 1)));
    }
}
