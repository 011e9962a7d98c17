package io.sendzen.logs.console;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.response.Response;
import org.junit.jupiter.api.Test;

import java.util.List;

import static io.restassured.RestAssured.given;
import static org.hamcrest.Matchers.containsString;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Every answer under /console/ is locked down: only the console's own files run, and it talks only to this service. */
@QuarkusTest
class ConsoleHeadersTest {

    private static final String POLICY = "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
            + "connect-src 'self'; font-src 'self'; manifest-src 'self'; base-uri 'none'; form-action 'none'; "
            + "frame-ancestors 'none'";

    private static void assertHardened(Response answer, String what) {
        assertEquals(POLICY, answer.header("Content-Security-Policy"), what);
        assertEquals("nosniff", answer.header("X-Content-Type-Options"), what);
        assertEquals("no-referrer", answer.header("Referrer-Policy"), what);
        assertEquals("DENY", answer.header("X-Frame-Options"), what);
    }

    @Test
    void theConsolePageAndItsFilesCarryTheStrictPolicy() {
        for (String path : List.of("/console/", "/console/index.html", "/console/console.css", "/console/js/main.js")) {
            Response answer = given().redirects().follow(false).get(path);
            assertEquals(200, answer.statusCode(), path);
            assertHardened(answer, path);
        }
    }

    @Test
    void theConsoleIsAPageWithNoInlineScriptOrStyle() {
        String page = given().get("/console/").then().statusCode(200)
                .header("Content-Type", containsString("text/html")).extract().asString();
        assertTrue(page.contains("<script type=\"module\" src=\"js/main.js\"></script>"), page);
        assertEquals(1, page.split("<script").length - 1, "one script element, with a src");
        assertTrue(!page.contains("<style") && !page.contains("style=") && !page.contains("onclick"), page);
    }

    @Test
    void theScriptsAreServedAsJavaScript() {
        given().get("/console/js/main.js").then().statusCode(200)
                .header("Content-Type", containsString("javascript"));
    }

    @Test
    void anUnknownConsoleFileIsA404ThatIsHardenedToo() {
        Response answer = given().get("/console/no-such-file.js");
        assertEquals(404, answer.statusCode());
        assertHardened(answer, "404");
    }

    @Test
    void theConsoleWithoutItsSlashRedirectsToIt() {
        Response answer = given().redirects().follow(false).get("/console");
        assertEquals(301, answer.statusCode());
        assertEquals("/console/", answer.header("Location"));
        assertHardened(answer, "redirect");
    }

    @Test
    void theApiIsNotGivenTheConsolesPolicy() {
        Response answer = given().get("/v1/logs");
        assertEquals(401, answer.statusCode());
        assertEquals(null, answer.header("Content-Security-Policy"));
    }
}
