package io.sendzen.logs.projects.rest;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonPropertyOrder;
import io.sendzen.logs.projects.AccessTokens;
import io.sendzen.logs.projects.PhoneNumber;
import io.sendzen.logs.projects.Project;
import io.sendzen.logs.projects.Waba;
import io.sendzen.logs.projects.WebhookEndpoint;
import io.sendzen.logs.shared.Page;
import io.sendzen.logs.shared.Ticks;

import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** What the admin API answers; JSON names are snake_case. */
final class AdminViews {

    private AdminViews() {
    }

    /** A page of an admin list: {@code next_page_token} only when more follow, as on {@code GET /v1/logs}. */
    @JsonPropertyOrder({"data", "next_page_token"})
    record ListView<T>(List<T> data, @JsonInclude(JsonInclude.Include.NON_NULL) String nextPageToken) {
        static <T> ListView<T> of(Page<T> page) {
            return new ListView<>(page.items(), page.nextPageToken());
        }
    }

    /** The most items a page of an admin list holds; 20 unless {@code pageSize} says otherwise. */
    static final int MAX_PAGE_SIZE = 100;

    record ProjectView(String id, String name, boolean enabled, Integer retentionDays, OffsetDateTime createdAt) {
        static ProjectView of(Project p) {
            return new ProjectView(p.id, p.name, p.enabled, p.retentionDays, utc(p.createdAt));
        }
    }

    /** {@code credentials_state}: whether it has an access token to send with (its own or its WABA's), never the token. */
    record PhoneNumberView(String phoneNumberId, String projectId, String wabaId, String displayPhoneNumber,
                           OffsetDateTime createdAt, String credentialsState) {
        static PhoneNumberView of(PhoneNumber n, AccessTokens.State state) {
            return new PhoneNumberView(n.phoneNumberId, n.projectId, n.wabaId, n.displayPhoneNumber, utc(n.createdAt),
                    state.label());
        }
    }

    record WabaView(String wabaId, String projectId, OffsetDateTime createdAt) {
        static WabaView of(Waba w) {
            return new WabaView(w.wabaId, w.projectId, utc(w.createdAt));
        }
    }

    /** {@code secret} only in the answers that create or rotate it. */
    record WebhookView(String id, String projectId, String url, List<String> eventTypes, boolean enabled,
                       OffsetDateTime createdAt, HealthView health,
                       @JsonInclude(JsonInclude.Include.NON_NULL) String secret,
                       @JsonInclude(JsonInclude.Include.NON_NULL) MissedView redeliverMissed) {
        static WebhookView of(WebhookEndpoint e, boolean withSecret) {
            return new WebhookView(e.id, e.projectId, e.url, e.eventTypes == null ? null : Arrays.asList(e.eventTypes),
                    e.enabled, utc(e.createdAt), HealthView.of(e), withSecret ? e.revealedSecret : null,
                    MissedView.of(e));
        }
    }

    /** How an endpoint is doing: failed attempts since its last success, and why it is disabled, if it is. */
    record HealthView(int consecutiveFailures, OffsetDateTime failingSince, OffsetDateTime lastSuccessAt,
                      String disabledReason, OffsetDateTime disabledAt) {
        static HealthView of(WebhookEndpoint e) {
            return new HealthView(e.consecutiveFailures, utc(e.failingSince), utc(e.lastSuccessAt), e.disabledReason,
                    utc(e.disabledAt));
        }
    }

    /**
     * Shown by the update that enabled an endpoint again: the body of {@code POST /v1/logs/bulk-redeliver} that sends
     * again what failed to reach it since it was disabled (with {@code "dry_run": true} beside it, it counts them).
     */
    record MissedView(String method, String path, Map<String, Object> body) {
        static MissedView of(WebhookEndpoint e) {
            if (e.missedSince == null) {
                return null;
            }
            Map<String, Object> filter = new LinkedHashMap<>();
            filter.put("url", e.url);
            filter.put("flyoutStatus", "failed");
            filter.put("fromDate", Long.toString(Ticks.of(e.missedSince.toInstant())));
            return new MissedView("POST", "/v1/logs/bulk-redeliver", Map.of("filter", filter));
        }
    }

    private static OffsetDateTime utc(OffsetDateTime time) {
        return time == null ? null : time.withOffsetSameInstant(ZoneOffset.UTC);
    }
}
