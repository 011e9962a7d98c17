package io.sendzen.logs.shared;

import io.quarkus.test.junit.QuarkusTest;
import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static io.restassured.RestAssured.given;
import static org.junit.jupiter.api.Assertions.assertEquals;

@QuarkusTest
class OpenApiDocumentTest {

    @SuppressWarnings("unchecked")
    private static Map<String, Object> contract() throws IOException {
        return new Yaml().load(Files.readString(Path.of("openapi.yaml")));
    }

    @Test
    void serviceServesTheContractFileWithNoGeneratedDrift() throws IOException {
        Map<String, Object> file = contract();
        Map<String, Object> served = given().queryParam("format", "json").when().get("/q/openapi")
                .then().statusCode(200).extract().jsonPath().getMap("");
        assertEquals(((Map<?, ?>) file.get("paths")).keySet(), ((Map<?, ?>) served.get("paths")).keySet());
        assertEquals(((Map<?, ?>) file.get("info")).get("title"), ((Map<?, ?>) served.get("info")).get("title"));
        assertEquals(((Map<?, ?>) ((Map<?, ?>) file.get("components")).get("schemas")).keySet(),
                ((Map<?, ?>) ((Map<?, ?>) served.get("components")).get("schemas")).keySet());
    }

    @Test
    void swaggerUiIsServed() {
        given().redirects().follow(true).when().get("/q/swagger-ui/").then().statusCode(200);
    }
}
