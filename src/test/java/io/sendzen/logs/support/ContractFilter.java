package io.sendzen.logs.support;

import com.atlassian.oai.validator.OpenApiInteractionValidator;
import com.atlassian.oai.validator.report.ValidationReport;
import com.atlassian.oai.validator.restassured.RestAssuredRequest;
import com.atlassian.oai.validator.restassured.RestAssuredResponse;
import io.restassured.RestAssured;
import io.restassured.filter.Filter;
import io.restassured.filter.FilterContext;
import io.restassured.response.Response;
import io.restassured.specification.FilterableRequestSpecification;
import io.restassured.specification.FilterableResponseSpecification;

import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/**
 * Holds every request and response of the suite to {@code openapi.yaml}: an undocumented field, status code or
 * parameter fails the test that produced it. A request the service rightly refused (4xx) may break the contract's
 * request rules — that is what bad-input tests do — but its answer must still be documented.
 */
public final class ContractFilter implements Filter {

    private static final OpenApiInteractionValidator VALIDATOR = OpenApiInteractionValidator
            .createForSpecificationUrl(Path.of("openapi.yaml").toAbsolutePath().toUri().toString())
            .build();

    /** Adds the filter to every rest-assured request of this class loader, once. */
    public static synchronized void install() {
        if (RestAssured.filters().stream().noneMatch(f -> f instanceof ContractFilter)) {
            RestAssured.filters(new ContractFilter());
        }
    }

    private static String describe(ValidationReport.Message message) {
        StringBuilder text = new StringBuilder("  ").append(message.getKey()).append(": ").append(message.getMessage());
        message.getNestedMessages().forEach(nested -> text.append("\n  ").append(describe(nested)));
        return text.toString();
    }

    @Override
    public Response filter(FilterableRequestSpecification request, FilterableResponseSpecification responseSpec,
                           FilterContext context) {
        Response response = context.next(request, responseSpec);
        String path = request.getDerivedPath();
        if (!path.startsWith("/v1/")) {
            return response;
        }
        ValidationReport report = VALIDATOR.validate(RestAssuredRequest.of(request), RestAssuredResponse.of(response));
        boolean refused = response.statusCode() >= 400 && response.statusCode() < 500;
        boolean webhookDelivery = path.equals("/v1/webhooks/whatsapp") && "POST".equals(request.getMethod());
        List<ValidationReport.Message> failures = report.getMessages().stream()
                .filter(m -> m.getLevel() == ValidationReport.Level.ERROR)
                .filter(m -> !m.getKey().startsWith("validation.request") || !(refused || webhookDelivery
                        && m.getKey().startsWith("validation.request.body")))
                .filter(m -> !(refused && m.getKey().equals("validation.request.path.missing")))
                // 405 and 406 are HTTP's own answers on any path, described once in the contract's introduction
                .filter(m -> !(m.getKey().equals("validation.response.status.unknown")
                        && (response.statusCode() == 405 || response.statusCode() == 406)))
                .toList();
        if (!failures.isEmpty()) {
            throw new AssertionError("the exchange " + request.getMethod() + " " + path + " -> " + response.statusCode()
                    + " breaks openapi.yaml:\n" + failures.stream().map(ContractFilter::describe)
                    .collect(Collectors.joining("\n")));
        }
        return response;
    }
}
