package io.sendzen.logs.logs;

import com.fasterxml.jackson.databind.JsonNode;
import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.LogRows;
import io.sendzen.logs.support.Meta;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static io.sendzen.logs.logs.LogsApi.logIds;
import static io.sendzen.logs.logs.LogsApi.nextToken;
import static io.sendzen.logs.logs.LogsApi.page;
import static io.sendzen.logs.logs.LogsApi.problemParameters;
import static io.sendzen.logs.logs.LogsApi.reader;
import static io.sendzen.logs.logs.LogsApi.rejected;
import static io.sendzen.logs.logs.LogsApi.withToken;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;

/**
 * {@code q}, {@code category}, {@code templateName} and the response classes of {@code responseCode}, over events
 * stored through the webhook (so what is searched is what ingest extracted).
 */
@QuarkusTest
class LogsSearchTest {

    private static final String CUSTOMER = "16505550177";
    private static final String CONTACT_CUSTOMER = "16505550188";

    private static String project;
    private static String other;
    private static String text;
    private static String textWamid;
    private static String caption;
    private static String buttonReply;
    private static String listReply;
    private static String templateButton;
    private static String contactName;
    private static String template;
    private static String failed;
    private static String utility;
    private static String marketing;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void storeOnce() {
        if (project != null) {
            return;
        }
        project = Admin.createProject();
        String phone = Admin.addPhoneNumber(project);
        String waba = Admin.addWaba(project);
        textWamid = Meta.wamid();
        text = post(incoming(waba, phone, Meta.textMessage(textWamid, CUSTOMER, "Mon Café Crème arrives Tuesday"),
                CUSTOMER, "Kerry"));
        caption = post(incoming(waba, phone, media(Meta.wamid(), "image", "Blueprint marzipan"), CUSTOMER, "Kerry"));
        buttonReply = post(incoming(waba, phone, interactive(Meta.wamid(), "button_reply", "Confirm Xylophone"),
                CUSTOMER, "Kerry"));
        listReply = post(incoming(waba, phone, interactive(Meta.wamid(), "list_reply", "Tomorrow Gondolier"),
                CUSTOMER, "Kerry"));
        templateButton = post(incoming(waba, phone, "{\"from\":\"" + CUSTOMER + "\",\"id\":\"" + Meta.wamid()
                + "\",\"timestamp\":\"1704067200\",\"type\":\"button\",\"button\":{\"text\":\"Stop Halcyon\","
                + "\"payload\":\"STOP\"}}", CUSTOMER, "Kerry"));
        contactName = post(incoming(waba, phone, Meta.textMessage(Meta.wamid(), CONTACT_CUSTOMER, "hello"),
                CONTACT_CUSTOMER, "Anaïs Quillfeather"));
        template = post(Meta.wabaLevel(waba, "message_template_status_update",
                "{\"event\":\"APPROVED\",\"message_template_id\":99887766,\"message_template_name\":\"spring_sale_zinnia\","
                        + "\"message_template_language\":\"en_US\",\"reason\":\"NONE\"}"));
        failed = post(Meta.statuses(waba, phone, "{\"id\":\"" + Meta.wamid() + "\",\"status\":\"failed\","
                + "\"timestamp\":\"1704067300\",\"recipient_id\":\"" + CUSTOMER + "\",\"errors\":[{\"code\":131049,"
                + "\"title\":\"Pelican failure\",\"message\":\"Pelican failure\",\"error_data\":{\"details\":"
                + "\"Because the ocelot slept.\"}}]}"));
        utility = post(Meta.statuses(waba, phone, Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER)));
        marketing = post(Meta.statuses(waba, phone, "{\"id\":\"" + Meta.wamid() + "\",\"status\":\"delivered\","
                + "\"timestamp\":\"1704067205\",\"recipient_id\":\"" + CUSTOMER + "\",\"pricing\":{\"billable\":true,"
                + "\"pricing_model\":\"PMP\",\"category\":\"marketing\",\"type\":\"regular\"}}"));

        other = Admin.createProject();
        String otherPhone = Admin.addPhoneNumber(other);
        String otherWaba = Admin.addWaba(other);
        post(incoming(otherWaba, otherPhone, Meta.textMessage(Meta.wamid(), CUSTOMER, "Mon Café Crème arrives Tuesday"),
                CUSTOMER, "Kerry"));
        post(Meta.statuses(otherWaba, otherPhone, Meta.documentedStatus(Meta.wamid(), "sent", CUSTOMER)));
    }

    private static String post(String body) {
        Meta.post(body).statusCode(200);
        return body;
    }

    private static String incoming(String waba, String phone, String message, String from, String name) {
        return Meta.envelope(waba, Meta.messagesChange(phone,
                "\"contacts\":[" + Meta.contact(from, name) + "],\"messages\":[" + message + "]"));
    }

    private static String media(String wamid, String type, String caption) {
        return "{\"from\":\"" + CUSTOMER + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1704067200\",\"type\":\"" + type
                + "\",\"" + type + "\":{\"caption\":\"" + caption + "\",\"mime_type\":\"image/jpeg\",\"id\":\"100338\"}}";
    }

    private static String interactive(String wamid, String kind, String title) {
        return "{\"from\":\"" + CUSTOMER + "\",\"id\":\"" + wamid + "\",\"timestamp\":\"1704067200\","
                + "\"type\":\"interactive\",\"interactive\":{\"type\":\"" + kind + "\",\"" + kind + "\":{\"id\":\"r1\","
                + "\"title\":\"" + title + "\"}}}";
    }

    /** The payloads of {@code project}'s entries matching {@code query} (its values unencoded). */
    private static Set<String> found(String query) {
        return found(project, query);
    }

    private static Set<String> found(String projectId, String query) {
        StringBuilder encoded = new StringBuilder("pageSize=20");
        for (String pair : query.split("&")) {
            int eq = pair.indexOf('=');
            encoded.append('&').append(pair, 0, eq + 1)
                    .append(URLEncoder.encode(pair.substring(eq + 1), StandardCharsets.UTF_8).replace("+", "%20"));
        }
        Set<String> payloads = new HashSet<>();
        for (JsonNode log : page(reader(projectId), encoded.toString()).get("data").get("logs")) {
            payloads.add(log.get("payload").asText());
        }
        return payloads;
    }

    @Test
    void textMessageBodyIsSearched() {
        assertEquals(Set.of(text), found("q=tuesday"));
    }

    @Test
    void mediaCaptionIsSearched() {
        assertEquals(Set.of(caption), found("q=marzipan"));
    }

    @Test
    void buttonReplyTitleIsSearched() {
        assertEquals(Set.of(buttonReply), found("q=xylophone"));
    }

    @Test
    void listReplyTitleIsSearched() {
        assertEquals(Set.of(listReply), found("q=gondolier"));
    }

    @Test
    void templateButtonTextIsSearched() {
        assertEquals(Set.of(templateButton), found("q=halcyon"));
    }

    @Test
    void contactNameIsSearched() {
        assertEquals(Set.of(contactName), found("q=quillfeather"));
    }

    @Test
    void templateNameIsSearched() {
        assertEquals(Set.of(template), found("q=zinnia"));
        assertEquals(Set.of(template), found("q=spring_sale_zinnia"));
    }

    @Test
    void errorTitleIsSearched() {
        assertEquals(Set.of(failed), found("q=pelican"));
    }

    @Test
    void errorDetailsAreSearched() {
        assertEquals(Set.of(failed), found("q=ocelot"));
    }

    @Test
    void accentsAndCaseAreIgnoredOnBothSides() {
        assertEquals(Set.of(text), found("q=Cafe CREME"));
        assertEquals(Set.of(text), found("q=CAFÉ"));
        assertEquals(Set.of(contactName), found("q=anais"));
    }

    @Test
    void lastWordMatchesAsAPrefix() {
        assertEquals(Set.of(text), found("q=cafe cr"));
        assertEquals(Set.of(text), found("q=tues"));
    }

    @Test
    void aWordBeforeTheLastMustMatchWhole() {
        assertEquals(Set.of(), found("q=tues cafe"));
    }

    @Test
    void everyWordMustMatch() {
        assertEquals(Set.of(text), found("q=mon tuesday"));
        assertEquals(Set.of(), found("q=tuesday marzipan"));
    }

    @Test
    void wamidMatchesItsMessageExactly() {
        assertEquals(Set.of(text), found("q=" + textWamid));
        assertEquals(Set.of(), found("q=" + textWamid.substring(0, textWamid.length() - 3)));
    }

    @Test
    void digitsMatchTheWaIdExactly() {
        assertEquals(Set.of(contactName), found("q=" + CONTACT_CUSTOMER));
        assertEquals(Set.of(), found("q=" + CONTACT_CUSTOMER.substring(0, 8) + " hello"));
    }

    @Test
    void anotherProjectsEntriesAreNeverFound() {
        assertEquals(Set.of(text), found("q=cafe creme tuesday"));
        Set<String> theirs = found(other, "q=cafe creme tuesday");
        assertEquals(1, theirs.size());
        assertFalse(theirs.contains(text));
        assertEquals(Set.of(utility), found("category=utility"));
    }

    @Test
    void categorySelectsStatusesOfThatPricingCategory() {
        assertEquals(Set.of(utility), found("category=utility"));
        assertEquals(Set.of(marketing), found("category=Marketing"));
        assertEquals(Set.of(), found("category=authentication"));
    }

    @Test
    void templateNameSelectsExactly() {
        assertEquals(Set.of(template), found("templateName=spring_sale_zinnia"));
        assertEquals(Set.of(), found("templateName=spring_sale"));
        assertEquals(Set.of(), found("templateName=Spring_Sale_Zinnia"));
    }

    @Test
    void responseClassSelectsEveryCodeOfTheClass() {
        String forwarded = Admin.createProject();
        long at = LogRows.minutesAgo(10);
        LogRows rows = new LogRows(dataSource);
        List<Long> ids = rows.insert(List.of(
                LogRows.entry(forwarded, at).forwarded("https://a.example.com", "success", "OK", 200),
                LogRows.entry(forwarded, at + 1).forwarded("https://a.example.com", "success", "OK", 204),
                LogRows.entry(forwarded, at + 2).forwarded("https://a.example.com", "failed", "Not Found", 404),
                LogRows.entry(forwarded, at + 3).forwarded("https://a.example.com", "failed", "Bad Gateway", 502),
                LogRows.entry(forwarded, at + 4)));
        assertEquals(List.of(ids.get(0), ids.get(1)), logIds(page(reader(forwarded), "responseCode=2xx")));
        assertEquals(List.of(ids.get(2)), logIds(page(reader(forwarded), "responseCode=4XX")));
        assertEquals(List.of(ids.get(3)), logIds(page(reader(forwarded), "responseCode=5xx")));
        assertEquals(List.of(), logIds(page(reader(forwarded), "responseCode=3xx")));
        assertEquals(List.of(ids.get(1)), logIds(page(reader(forwarded), "responseCode=204")));
    }

    @Test
    void searchPagesThroughEveryMatch() {
        JsonNode first = page(reader(project), "q=m&pageSize=1");
        String token = nextToken(first);
        assertNotNull(token);
        JsonNode second = page(reader(project), withToken("q=m&pageSize=1", token));
        assertEquals(1, logIds(second).size());
        assertNotEquals(logIds(first), logIds(second));
    }

    @Test
    void tokenOfOneSearchIsRejectedForAnother() {
        String token = nextToken(page(reader(project), "q=m&pageSize=1"));
        assertNotNull(token);
        for (String query : new String[]{"q=c&pageSize=1", "pageSize=1", "q=m&category=utility&pageSize=1",
                "q=m&templateName=x&pageSize=1", "q=m&responseCode=2xx&pageSize=1"}) {
            assertEquals(List.of("nextPageToken"), problemParameters(rejected(reader(project), withToken(query, token))),
                    query);
        }
    }
}
