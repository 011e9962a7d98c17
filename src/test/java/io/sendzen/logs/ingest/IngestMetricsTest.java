package io.sendzen.logs.ingest;

import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.Meta;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static io.restassured.RestAssured.given;
import static io.sendzen.logs.support.Meta.CUSTOMER;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The ingest counters in /q/metrics move with what the endpoint receives, stores and refuses. */
@QuarkusTest
class IngestMetricsTest {

    private static String scrape() {
        return given().when().get("/q/metrics").then().statusCode(200).extract().asString();
    }

    /** The value of a Prometheus sample, {@code name} including its labels if any; 0 when absent. */
    private static double sample(String metrics, String name, String label) {
        Pattern line = Pattern.compile("^" + Pattern.quote(name) + "(\\{[^}]*})? (\\S+)$", Pattern.MULTILINE);
        Matcher m = line.matcher(metrics);
        while (m.find()) {
            if (label == null || (m.group(1) != null && m.group(1).contains(label))) {
                return Double.parseDouble(m.group(2));
            }
        }
        return 0;
    }

    @Test
    void ingestCountersMoveWithDeliveries() {
        String project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String before = scrape();

        String status = Meta.singleStatus(phone, Meta.wamid(), "read");
        Meta.post(status).statusCode(200);
        Meta.post(status).statusCode(200);
        Meta.post(Meta.incoming("1501", phone, Meta.textMessage(Meta.wamid(), CUSTOMER, "hi"), CUSTOMER))
                .statusCode(200);
        Meta.post("{\"foo\":\"" + UUID.randomUUID() + "\"}").statusCode(200);
        byte[] unsigned = Meta.singleStatus(phone, Meta.wamid(), "sent").getBytes(StandardCharsets.UTF_8);
        Meta.postSigned("wrong", unsigned, unsigned).statusCode(401);

        String after = scrape();
        assertEquals(5, delta(before, after, "sendzen_ingest_deliveries_total", null));
        assertEquals(1, delta(before, after, "sendzen_ingest_redeliveries_total", null));
        assertEquals(1, delta(before, after, "sendzen_ingest_signature_failures_total", null));
        assertEquals(1, delta(before, after, "sendzen_ingest_unrouted_total", null));
        assertEquals(1, delta(before, after, "sendzen_ingest_entries_total", "event_type=\"message_status\""));
        assertEquals(1, delta(before, after, "sendzen_ingest_entries_total", "event_type=\"incoming_message\""));
        assertEquals(1, delta(before, after, "sendzen_ingest_entries_total", "event_type=\"other\""));
        assertTrue(delta(before, after, "sendzen_ingest_ack_seconds_count", null) >= 4);
    }

    private static double delta(String before, String after, String name, String label) {
        return sample(after, name, label) - sample(before, name, label);
    }
}
