package io.sendzen.logs.deletion;

import io.agroal.api.AgroalDataSource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import io.restassured.response.ValidatableResponse;
import io.sendzen.logs.support.Admin;
import io.sendzen.logs.support.TestTokens;
import jakarta.inject.Inject;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.IntStream;
import java.util.stream.Stream;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.equalTo;
import static org.hamcrest.Matchers.hasSize;
import static org.junit.jupiter.api.Assertions.assertEquals;

/** Every bad input to the delete endpoints and jobs is a 400 in the envelope naming the problem; nothing is deleted. */
@QuarkusTest
class DeleteBadInputTest {

    private static String project;

    @Inject
    AgroalDataSource dataSource;

    @BeforeEach
    void projectWithEntries() {
        if (project == null) {
            project = Admin.createProject();
            new Tables(dataSource).entries(project, 3, 30);
        }
    }

    private static ValidatableResponse post(String body) {
        return given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .contentType(ContentType.JSON).body(body)
                .when().post("/v1/logs/bulk-delete").then();
    }

    static Stream<Arguments> bodies() {
        String thousandAndOne = IntStream.rangeClosed(1, 1001).mapToObj(i -> "\"" + i + "\"")
                .collect(Collectors.joining(",", "[", "]"));
        return Stream.of(
                Arguments.of("no form at all", "{}", "body"),
                Arguments.of("not JSON", "{\"log_ids\":", "body"),
                Arguments.of("not an object", "[\"1\"]", "body"),
                Arguments.of("ids and filter together", "{\"log_ids\":[\"1\"],\"filter\":{\"status\":\"failed\"}}", "log_ids"),
                Arguments.of("no ids", "{\"log_ids\":[]}", "log_ids"),
                Arguments.of("1001 ids", "{\"log_ids\":" + thousandAndOne + "}", "log_ids"),
                Arguments.of("an id that is not digits", "{\"log_ids\":[\"1\",\"abc\"]}", "log_ids[1]"),
                Arguments.of("a negative id", "{\"log_ids\":[\"-1\"]}", "log_ids[0]"),
                Arguments.of("an id past 64 bits", "{\"log_ids\":[\"99999999999999999999\"]}", "log_ids[0]"),
                Arguments.of("a null id", "{\"log_ids\":[null]}", "log_ids[0]"),
                Arguments.of("an id as a number", "{\"log_ids\":[1]}", "log_ids[0]"),
                Arguments.of("ids as a string", "{\"log_ids\":\"1\"}", "log_ids"),
                Arguments.of("dry run with ids", "{\"log_ids\":[\"1\"],\"dry_run\":true}", "dry_run"),
                Arguments.of("all with ids", "{\"log_ids\":[\"1\"],\"all\":true}", "all"),
                Arguments.of("an empty filter", "{\"filter\":{}}", "filter"),
                Arguments.of("an empty filter, dry run", "{\"filter\":{},\"dry_run\":true}", "filter"),
                Arguments.of("an empty filter with all false", "{\"filter\":{},\"all\":false}", "filter"),
                Arguments.of("all with a filter", "{\"filter\":{\"status\":\"failed\"},\"all\":true}", "all"),
                Arguments.of("a filter that is a string", "{\"filter\":\"status=failed\"}", "filter"),
                Arguments.of("dry run as a string", "{\"filter\":{\"status\":\"failed\"},\"dry_run\":\"yes\"}", "dry_run"),
                Arguments.of("all as a number", "{\"filter\":{},\"all\":1}", "all"),
                Arguments.of("an unknown field", "{\"filter\":{\"status\":\"failed\"},\"force\":true}", "force"),
                Arguments.of("a field in the query's spelling", "{\"logIds\":[\"1\"]}", "logIds"),
                Arguments.of("an unknown filter", "{\"filter\":{\"colour\":\"red\"},\"dry_run\":true}", "filter.colour"),
                Arguments.of("paging in the filter", "{\"filter\":{\"pageSize\":5}}", "filter.pageSize"),
                Arguments.of("an unknown status", "{\"filter\":{\"status\":\"lost\"}}", "filter.status"),
                Arguments.of("an unknown event type", "{\"filter\":{\"eventTypes\":[\"Status\"]}}", "filter.eventTypes"),
                Arguments.of("an event type as a number", "{\"filter\":{\"eventTypes\":[2]}}", "filter.eventTypes"),
                Arguments.of("an empty status list", "{\"filter\":{\"status\":[]}}", "filter.status"),
                Arguments.of("fromDate not Ticks", "{\"filter\":{\"fromDate\":\"yesterday\"}}", "filter.fromDate"),
                Arguments.of("fromDate a boolean", "{\"filter\":{\"fromDate\":true}}", "filter.fromDate"),
                Arguments.of("toDate a fraction", "{\"filter\":{\"toDate\":1.5}}", "filter.toDate"),
                Arguments.of("fromDate after toDate",
                        "{\"filter\":{\"fromDate\":638686080000000001,\"toDate\":638686080000000000}}", "filter.fromDate"),
                Arguments.of("errorCode not a number", "{\"filter\":{\"errorCode\":\"x\"}}", "filter.errorCode"),
                Arguments.of("responseCode out of range", "{\"filter\":{\"responseCode\":1000}}", "filter.responseCode"),
                Arguments.of("an unknown flyout status", "{\"filter\":{\"flyoutStatus\":\"lost\"}}", "filter.flyoutStatus"),
                Arguments.of("a phone number as an object", "{\"filter\":{\"phoneNumberId\":{}}}", "filter.phoneNumberId"),
                Arguments.of("a null filter value", "{\"filter\":{\"waId\":null}}", "filter.waId"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("bodies")
    void badBodyIsRejectedNamingTheProblem(String description, String body, String parameter) {
        post(body).statusCode(400)
                .body("message", equalTo("Invalid request parameters"))
                .body("data", equalTo(null))
                .body("errors", hasSize(1))
                .body("errors[0].parameter", equalTo(parameter));
        assertEquals(3, new Tables(dataSource).entriesOf(project));
    }

    @Test
    void filterProblemsHaveTheTextsOfTheLogsApi() {
        post("{\"filter\":{\"status\":\"lost\"}}").statusCode(400)
                .body("errors[0].problem", equalTo("unknown status 'lost' (sent, delivered, read, failed, played, deleted)"));
    }

    @Test
    void everyProblemOfAFilterIsNamed() {
        post("{\"filter\":{\"status\":\"lost\",\"errorCode\":\"x\"}}").statusCode(400)
                .body("errors.parameter", equalTo(List.of("filter.status", "filter.errorCode")));
    }

    @Test
    void missingBodyIsRejected() {
        given().auth().oauth2(TestTokens.project(project, "logs:write")).contentType(ContentType.JSON)
                .when().post("/v1/logs/bulk-delete").then().statusCode(400)
                .body("errors[0].parameter", equalTo("body"));
    }

    @ParameterizedTest(name = "DELETE /v1/logs/{0}")
    @ValueSource(strings = {"abc", "-1", "1.5", "99999999999999999999", "0x10", "%20"})
    void malformedLogIdIsRejected(String logId) {
        given().auth().oauth2(TestTokens.project(project, "logs:write"))
                .urlEncodingEnabled(false)
                .when().delete("/v1/logs/" + logId).then().statusCode(400)
                .body("errors[0].parameter", equalTo("log_id"));
    }

    @ParameterizedTest(name = "{0} /v1/jobs/{1}")
    @MethodSource("jobIds")
    void malformedJobIdIsRejected(String method, String jobId) {
        String scope = method.equals("GET") ? "logs:read" : "logs:write";
        given().auth().oauth2(TestTokens.project(project, scope))
                .when().request(method, "/v1/jobs/" + jobId).then().statusCode(400)
                .body("errors[0].parameter", equalTo("job_id"));
    }

    static Stream<Arguments> jobIds() {
        return Stream.of("GET", "DELETE").flatMap(method -> Stream.of("abc", "job_", "job_AAAAAAAAAAAAAAA",
                "job_AAAAAAAAAAAAAAAAA", "JOB_AAAAAAAAAAAAAAAA").map(id -> Arguments.of(method, id)));
    }
}
