package io.sendzen.logs.outgoing;

import com.fasterxml.jackson.databind.JsonNode;
import io.sendzen.logs.projects.PhoneNumber;
import io.sendzen.logs.projects.ProjectService;
import io.sendzen.logs.shared.ApiException;
import io.sendzen.logs.shared.Ticks;
import io.sendzen.logs.shared.Validation;
import jakarta.enterprise.context.ApplicationScoped;

import java.sql.SQLException;
import java.util.Set;

/**
 * {@code POST /v1/logs}: a send made elsewhere (a CRM, a bot, a campaign tool that calls Meta itself), recorded as the
 * service records its own: the request, Meta's status and answer, the tags.
 */
@ApplicationScoped
public class ReportService {

    private static final Set<String> FIELDS = Set.of("phone_number_id", "to", "request", "response_code", "response",
            "sent_at", "tags");
    /** How far back a reported send may lie: the log is for recent traffic, not a bulk import. */
    static final long MAX_AGE_TICKS = 90 * Ticks.PER_DAY;
    private static final long MAX_AHEAD_TICKS = 300 * Ticks.PER_SECOND;

    private final ProjectService projects;
    private final OutgoingLog log;

    ReportService(ProjectService projects, OutgoingLog log) {
        this.projects = projects;
        this.log = log;
    }

    /** Records the reported send of the project; returns its log id. */
    public long report(String projectId, JsonNode body) throws SQLException {
        Validation validation = new Validation();
        if (body == null || body.isNull()) {
            validation.add("body", "is required: a JSON object with phone_number_id, to, request and response_code")
                    .throwIfAny();
        }
        if (!body.isObject()) {
            validation.add("body", "must be a JSON object").throwIfAny();
        }
        body.fieldNames().forEachRemaining(name -> {
            if (!FIELDS.contains(name)) {
                validation.add(name, "is not a field of a reported send (" + String.join(", ", FIELDS.stream()
                        .sorted().toList()) + ")");
            }
        });
        String phoneNumberId = OutgoingMessage.text(validation, body, "phone_number_id");
        OutgoingMessage.phone(validation, body, "to");
        JsonNode request = body.get("request");
        if (request == null || !request.isObject()) {
            validation.add("request", "is required: the JSON object sent to the Cloud API");
        }
        JsonNode code = body.get("response_code");
        int status = 0;
        if (code == null || !code.isIntegralNumber() || code.asLong() < 0 || code.asLong() > 599
                || code.asLong() > 0 && code.asLong() < 100) {
            validation.add("response_code", "is required: the HTTP status Meta answered (100 to 599), 0 for none");
        } else {
            status = code.asInt();
        }
        JsonNode response = body.get("response");
        if (response != null && !response.isNull() && !response.isObject()) {
            validation.add("response", "must be the JSON object Meta answered");
        }
        long now = Ticks.now();
        long sentAt = now;
        JsonNode sent = body.get("sent_at");
        if (sent != null && !sent.isNull()) {
            Long ticks = sent.isIntegralNumber() && sent.canConvertToLong() ? Long.valueOf(sent.asLong())
                    : sent.isTextual() && sent.asText().matches("[0-9]{1,19}") ? parse(sent.asText()) : null;
            if (ticks == null || ticks < now - MAX_AGE_TICKS || ticks > now + MAX_AHEAD_TICKS) {
                validation.add("sent_at", "must be Ticks within the last 90 days (a string or an integer)");
            } else {
                sentAt = ticks;
            }
        }
        OutgoingMessage.Tags tags = OutgoingMessage.tags(validation, body.get("tags"));
        validation.throwIfAny();
        PhoneNumber number = projects.phoneNumber(projectId, phoneNumberId).orElseThrow(() ->
                ApiException.badRequest("phone_number_id", "is not one of the project's phone numbers"));
        String answer = response == null || response.isNull() ? null : response.toString();
        return log.recordNow(new OutgoingLog.Send(projectId, sentAt, number.phoneNumberId, number.wabaId, request,
                status, answer, tags));
    }

    private static Long parse(String digits) {
        try {
            return Long.parseLong(digits);
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
