package io.sendzen.logs.sdk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import io.sendzen.logs.support.CloudApiResource;
import io.sendzen.logs.support.Meta;
import io.sendzen.logs.support.TestTokens;
import io.sendzen.sdk.ApiClient;
import io.sendzen.sdk.ApiException;
import io.sendzen.sdk.ApiResponse;
import io.sendzen.sdk.api.AdminProjectsApi;
import io.sendzen.sdk.api.AdminTokensApi;
import io.sendzen.sdk.api.AuditApi;
import io.sendzen.sdk.api.LogsApi;
import io.sendzen.sdk.api.MessagesApi;
import io.sendzen.sdk.api.StatsApi;
import io.sendzen.sdk.api.WebhooksFromMetaApi;
import io.sendzen.sdk.model.BulkDeleteFilter;
import io.sendzen.sdk.model.BulkDeleteRequest;
import io.sendzen.sdk.model.LogEntry;
import io.sendzen.sdk.model.LogsResponse;
import io.sendzen.sdk.model.MetaWebhookNotification;
import io.sendzen.sdk.model.MetaWebhookNotificationEntryInner;
import io.sendzen.sdk.model.MetaWebhookNotificationEntryInnerChangesInner;
import io.sendzen.sdk.model.NewCredentials;
import io.sendzen.sdk.model.NewPhoneNumber;
import io.sendzen.sdk.model.NewProject;
import io.sendzen.sdk.model.NewToken;
import io.sendzen.sdk.model.ReportedSend;
import io.sendzen.sdk.model.SendAnswer;
import io.sendzen.sdk.model.SendRequest;
import io.sendzen.sdk.model.SendRequestTemplate;
import io.sendzen.sdk.model.SendTags;
import io.sendzen.sdk.model.WebhookReceivedResponse;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** A customer's view: only the Java client generated from openapi.yaml, and an admin token to start with. */
@QuarkusTest
class JavaSdkTest {

    private String baseUri;

    @BeforeEach
    void locateService() {
        baseUri = "http://localhost:" + RestAssured.port;
    }

    private ApiClient client(String token) {
        ApiClient client = new ApiClient();
        client.updateBaseUri(baseUri);
        if (token != null) {
            client.setRequestInterceptor(request -> request.header("Authorization", "Bearer " + token));
        }
        return client;
    }

    private static MetaWebhookNotification statuses(String phone, List<Map<String, Object>> statuses) {
        Map<String, Object> value = Map.of(
                "messaging_product", "whatsapp",
                "metadata", Map.of("display_phone_number", "15551234567", "phone_number_id", phone),
                "statuses", statuses);
        return new MetaWebhookNotification()._object("whatsapp_business_account")
                .entry(List.of(new MetaWebhookNotificationEntryInner().id("102290129340398")
                        .changes(List.of(new MetaWebhookNotificationEntryInnerChangesInner().field("messages").value(value)))));
    }

    private static Map<String, Object> status(String state, int errorCode) {
        Map<String, Object> status = new java.util.LinkedHashMap<>();
        status.put("id", "wamid." + UUID.randomUUID().toString().replace("-", ""));
        status.put("status", state);
        status.put("timestamp", "1704067200");
        status.put("recipient_id", "16505551234");
        if (errorCode > 0) {
            status.put("errors", List.of(Map.of("code", errorCode, "title", "Re-engagement message")));
        }
        return status;
    }

    /** The client serialises the body itself: the signature is computed over exactly the bytes it will send. */
    private WebhookReceivedResponse post(MetaWebhookNotification notification) throws Exception {
        ApiClient meta = client(null);
        byte[] bytes = meta.getObjectMapper().writeValueAsBytes(notification);
        return new WebhooksFromMetaApi(meta).receiveWhatsAppWebhook(Meta.signature(Meta.APP_SECRET, bytes), notification);
    }

    private static String problem(ApiException e) throws Exception {
        JsonNode body = new ObjectMapper().readTree(e.getResponseBody());
        return body.path("message").asText();
    }

    @Test
    void customerJourneyThroughTheGeneratedJavaClient() throws Exception {
        ApiClient admin = client(TestTokens.admin());
        String projectId = new AdminProjectsApi(admin).createProject(new NewProject().name("SDK customer")).getId();
        String phone = "1" + (System.nanoTime() % 100_000_000_000_000L);
        new AdminProjectsApi(admin).addPhoneNumber(projectId, new NewPhoneNumber().phoneNumberId(phone));
        String token = new AdminTokensApi(admin).createProjectToken(projectId,
                new NewToken().addScopesItem(NewToken.ScopesEnum.LOGS_READ).ttlSeconds(600L)).getToken();

        List<Map<String, Object>> batch = new ArrayList<>();
        for (int i = 0; i < 7; i++) {
            batch.add(status(i % 2 == 0 ? "delivered" : "read", 0));
        }
        batch.add(status("failed", 131047));
        WebhookReceivedResponse received = post(statuses(phone, batch));
        assertEquals(8, received.getData().getStored());

        LogsApi logs = new LogsApi(client(token));
        Set<String> seen = new HashSet<>();
        String next = null;
        int pages = 0;
        do {
            LogsResponse page = logs.listLogs(List.of("Message Status"), null, null, phone, null, 3, next, null, null, null,
                    null, null, null, null, null, null, null, null, null, "asc");
            assertEquals("Notification logs retrieved successfully", page.getMessage());
            for (LogEntry entry : page.getData().getLogs()) {
                assertEquals(projectId, entry.getProjectId());
                assertEquals("Message Status", entry.getEventType().getValue());
                assertTrue(entry.getCreatedAt() > 621_355_968_000_000_000L);
                assertEquals(1, entry.getDirection());
                assertEquals("-", entry.getFlyoutUrl());
                assertTrue(seen.add(entry.getLogId()));
            }
            next = page.getData().getNextPageToken();
            pages++;
        } while (next != null);
        assertEquals(8, seen.size());
        assertEquals(3, pages);

        LogsResponse failed = logs.listLogs(null, null, null, null, "-", 20, null, List.of("failed"), null, "16505551234",
                131047, "-", "0", null, null, null, null, null, null, "desc");
        assertEquals(1, failed.getData().getLogs().size());
        assertNull(failed.getData().getNextPageToken());
        String failedWamid = (String) batch.get(7).get("id");
        LogsResponse byMessage = logs.listLogs(null, null, null, null, null, null, null, null, failedWamid, null,
                null, null, null, null, null, null, null, null, null, null);
        assertEquals(List.of(failed.getData().getLogs().get(0).getLogId()),
                byMessage.getData().getLogs().stream().map(LogEntry::getLogId).toList());
        LogsResponse none = logs.listLogs(List.of("Incoming Message"), 0L, 3_155_378_975_999_999_999L, null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, null, null);
        assertTrue(none.getData().getLogs().isEmpty());
    }

    @Test
    void supportWorkflowsThroughTheGeneratedJavaClient() throws Exception {
        ApiClient admin = client(TestTokens.admin());
        String projectId = new AdminProjectsApi(admin).createProject(new NewProject().name("SDK support")).getId();
        String phone = "1" + (System.nanoTime() % 100_000_000_000_000L);
        new AdminProjectsApi(admin).addPhoneNumber(projectId, new NewPhoneNumber().phoneNumberId(phone));
        String token = new AdminTokensApi(admin).createProjectToken(projectId, new NewToken()
                .addScopesItem(NewToken.ScopesEnum.LOGS_READ).addScopesItem(NewToken.ScopesEnum.LOGS_WRITE)
                .ttlSeconds(600L)).getToken();
        ApiClient customer = client(token);
        LogsApi logs = new LogsApi(customer);

        // one message's statuses, the later one first, in one delivery
        String wamid = "wamid." + UUID.randomUUID().toString().replace("-", "");
        Map<String, Object> delivered = new java.util.LinkedHashMap<>(status("delivered", 0));
        delivered.put("id", wamid);
        delivered.put("timestamp", "1704067260");
        Map<String, Object> sent = new java.util.LinkedHashMap<>(status("sent", 0));
        sent.put("id", wamid);
        assertEquals(2, post(statuses(phone, List.of(delivered, sent))).getData().getStored());
        List<String> ids = logs.listLogs(null, null, null, phone, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, "asc").getData().getLogs().stream().map(LogEntry::getLogId).toList();
        assertEquals(2, ids.size());

        // one record in full, and the delivery it came in
        var detail = logs.getLog(ids.get(0)).getData();
        assertEquals(ids.get(0), detail.getLog().getLogId());
        assertEquals(wamid, detail.getEvent().getMessageId());
        assertEquals(2, (int) detail.getDelivery().getEvents());
        assertEquals("102290129340398", logs.getLogDelivery(ids.get(0)).getEntry().get(0).getId());

        // the message's story in Meta's order, and nothing stuck
        MessagesApi messages = new MessagesApi(customer);
        var story = messages.getMessage(wamid).getData();
        assertEquals("delivered", story.getLatestStatus());
        assertEquals(List.of("sent", "delivered"), story.getStatuses().stream().map(s -> s.getStatus()).toList());
        assertTrue(messages.listStuckMessages("PT15M", null, null).getData().getMessages().isEmpty());

        // export, then delete: one, by ids, and a dry run by filter
        java.io.File exported = logs.exportLogs(null, null, null, phone, null, null, null, null, null, null, null, "asc",
                "ndjson");
        assertEquals(2, java.nio.file.Files.readAllLines(exported.toPath()).size());
        BulkDeleteFilter byPhone = new BulkDeleteFilter().phoneNumberId(phone);
        assertEquals(2L, logs.bulkDeleteLogs(new BulkDeleteRequest().filter(byPhone).dryRun(true))
                .getData().getMatching());
        // a bulk redelivery counted: no endpoint took them, so both would be skipped
        var redeliverable = logs.bulkRedeliverLogs(new BulkDeleteRequest().filter(byPhone).dryRun(true)).getData();
        assertEquals(List.of(2L, 0L, 2L), List.of(redeliverable.getMatching(), redeliverable.getRedeliverable(),
                redeliverable.getSkipped()));
        // the stats of the phone number, from the rollups
        StatsApi stats = new StatsApi(customer);
        var totals = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> stats.getStats("phone_number_id", "day", null, null, null, phone, null, null, null, null,
                        null, null, null).getData().getTotals(), t -> t.size() == 1 && t.get(0).getCount() == 2L);
        assertEquals(phone, totals.get(0).getKey());
        logs.deleteLog(ids.get(0));
        ApiException gone = assertThrows(ApiException.class, () -> logs.getLog(ids.get(0)));
        assertEquals(404, gone.getCode());
        var deleted = logs.bulkDeleteLogs(new BulkDeleteRequest().logIds(List.of(ids.get(1), "999999999")))
                .getData();
        assertEquals(1L, deleted.getDeleted());
        assertEquals(List.of("999999999"), deleted.getNotFound());

        // a job by filter, followed to its end
        post(statuses(phone, List.of(status("read", 0), status("read", 0))));
        var started = logs.bulkDeleteLogsWithHttpInfo(new BulkDeleteRequest().filter(byPhone));
        assertEquals(202, started.getStatusCode());
        String jobId = started.getData().getData().getJobId();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30))
                .until(() -> logs.getJob(jobId).getData().getState().getValue().equals("done"));
        assertEquals(2L, logs.getJob(jobId).getData().getDone());
        assertEquals(409, assertThrows(ApiException.class, () -> logs.cancelJob(jobId)).getCode());

        // and the trail of it all
        List<String> actions = new AuditApi(customer).listAuditRecords(100, null).getData().getRecords().stream()
                .map(r -> r.getAction()).toList();
        assertTrue(actions.containsAll(List.of("log.export", "log.delete", "log.bulk_delete", "log.bulk_delete_job")),
                actions.toString());
        assertEquals(actions, new AuditApi(admin).listAllAuditRecords(projectId, 100, null).getData().stream()
                .map(r -> r.getAction()).filter(actions::contains).toList());
    }

    @Test
    void sendsCredentialsAndReportsThroughTheGeneratedJavaClient() throws Exception {
        ApiClient admin = client(TestTokens.admin());
        AdminProjectsApi projects = new AdminProjectsApi(admin);
        String projectId = projects.createProject(new NewProject().name("SDK sender")).getId();
        String phone = "2" + (System.nanoTime() % 100_000_000_000_000L);
        String waba = "3" + (System.nanoTime() % 100_000_000_000_000L);
        projects.addPhoneNumber(projectId, new NewPhoneNumber().phoneNumberId(phone).wabaId(waba));
        projects.setPhoneNumberCredentials(projectId, phone, new NewCredentials().accessToken("EAAGsdkToken"));
        projects.setWabaCredentials(projectId, waba, new NewCredentials().accessToken("EAAGsdkWabaToken"));
        String token = new AdminTokensApi(admin).createProjectToken(projectId, new NewToken()
                .addScopesItem(NewToken.ScopesEnum.MESSAGES_SEND).addScopesItem(NewToken.ScopesEnum.LOGS_WRITE)
                .addScopesItem(NewToken.ScopesEnum.LOGS_READ).ttlSeconds(600L)).getToken();

        SendAnswer sent = new MessagesApi(client(token)).sendMessage(new SendRequest().from(phone).to("16505551234")
                .type(SendRequest.TypeEnum.TEMPLATE)
                .template(new SendRequestTemplate().name("order_update").langCode("en_US"))
                .tags(new SendTags().category("Utility").name("Orders")), "sdk-" + phone);
        assertEquals("Message sent successfully", sent.getMessage());
        assertTrue(sent.getData().getMessageId().startsWith("wamid."));
        assertEquals("Bearer EAAGsdkToken", CloudApiResource.fake().requests(phone).get(0).authorization());

        String reported = new LogsApi(client(token)).reportLog(new ReportedSend().phoneNumberId(phone).to("16505551234")
                .request(Map.of("messaging_product", "whatsapp", "type", "text")).responseCode(200)
                .response(Map.of("messages", List.of(Map.of("id", "wamid.SDKREPORTED"))))).getData().getLogId();
        LogsResponse outgoing = new LogsApi(client(token)).listLogs(List.of("Outgoing Message"), null, null, null, null,
                null, null, null, null, null, null, null, null, null, null, null, 2, null, null, "asc");
        assertEquals(List.of(sent.getData().getLogId(), reported),
                outgoing.getData().getLogs().stream().map(LogEntry::getLogId).toList());
        assertEquals(200, outgoing.getData().getLogs().get(0).getApiResponseCode());

        projects.removePhoneNumberCredentials(projectId, phone);
        projects.removeWabaCredentials(projectId, waba);
        ApiException refused = assertThrows(ApiException.class, () -> new MessagesApi(client(token)).sendMessage(
                new SendRequest().from(phone).to("16505551234").type(SendRequest.TypeEnum.TEXT)
                        .putAdditionalProperty("text", Map.of("body", "no token")), null));
        assertEquals(409, refused.getCode());
    }

    @Test
    void errorsArriveAsTypedExceptionsWithTheEnvelope() throws Exception {
        ApiClient admin = client(TestTokens.admin());
        String projectId = new AdminProjectsApi(admin).createProject(new NewProject().name("SDK errors")).getId();
        String token = new AdminTokensApi(admin).createProjectToken(projectId,
                new NewToken().addScopesItem(NewToken.ScopesEnum.LOGS_READ)).getToken();

        ApiException invalid = assertThrows(ApiException.class, () -> new LogsApi(client(token))
                .listLogs(null, 5L, 4L, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        assertEquals(400, invalid.getCode());
        assertEquals("Invalid request parameters", problem(invalid));
        assertFalse(new ObjectMapper().readTree(invalid.getResponseBody()).path("errors").isEmpty());

        ApiException unauthorized = assertThrows(ApiException.class, () -> new LogsApi(client(null))
                .listLogs(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        assertEquals(401, unauthorized.getCode());
        assertEquals("Unauthorized", problem(unauthorized));

        ApiException forbidden = assertThrows(ApiException.class, () -> new LogsApi(admin)
                .listLogs(null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null, null));
        assertEquals(403, forbidden.getCode());
        assertEquals("Forbidden", problem(forbidden));

        ApiResponse<Void> deleted = new AdminProjectsApi(admin).deleteProjectWithHttpInfo(projectId);
        assertEquals(204, deleted.getStatusCode());
        ApiException gone = assertThrows(ApiException.class, () -> new AdminProjectsApi(admin).getProject(projectId));
        assertEquals(404, gone.getCode());
        assertNotNull(gone.getResponseBody());
        assertEquals("Not found", problem(gone));
    }
}
