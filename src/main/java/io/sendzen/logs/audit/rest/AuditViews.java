package io.sendzen.logs.audit.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import com.fasterxml.jackson.annotation.JsonRawValue;
import io.sendzen.logs.audit.AuditTrail;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.List;

/** What the audit endpoints answer. */
final class AuditViews {

    private AuditViews() {
    }

    @JsonPropertyOrder({"sub", "jti"})
    record ActorView(@JsonProperty("sub") String sub, @JsonProperty("jti") String jti) {
    }

    /** One record; the id is a string, as log ids are, and the target is the JSON it was recorded with. */
    @JsonPropertyOrder({"id", "at", "actor", "project_id", "action", "target", "count"})
    record RecordView(@JsonProperty("id") String id,
                      @JsonProperty("at") OffsetDateTime at,
                      @JsonProperty("actor") ActorView actor,
                      @JsonProperty("project_id") String projectId,
                      @JsonProperty("action") String action,
                      @JsonProperty("target") @JsonRawValue String target,
                      @JsonProperty("count") Long count) {
        static RecordView of(AuditTrail.Entry e) {
            return new RecordView(Long.toString(e.id()), e.at().atOffset(ZoneOffset.UTC),
                    new ActorView(e.actor().sub(), e.actor().jti()), e.projectId(), e.action(), e.target(), e.count());
        }
    }

    @JsonPropertyOrder({"records", "next_page_token"})
    record Page(@JsonProperty("records") List<RecordView> records,
                @JsonProperty("next_page_token") @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {
    }

    /** A project's trail, in the envelope of {@code GET /v1/logs}. */
    @JsonPropertyOrder({"message", "data"})
    record Response(@JsonProperty("message") String message, @JsonProperty("data") Page data) {
    }

    /** The operators' trail, shaped as the other admin lists. */
    @JsonPropertyOrder({"data", "next_page_token"})
    record AdminList(@JsonProperty("data") List<RecordView> data,
                     @JsonProperty("next_page_token") @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {
    }
}
