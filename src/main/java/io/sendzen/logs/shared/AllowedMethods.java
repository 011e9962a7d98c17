package io.sendzen.logs.shared;

import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.spi.Bean;
import jakarta.enterprise.inject.spi.BeanManager;
import jakarta.inject.Singleton;
import jakarta.ws.rs.HttpMethod;
import jakarta.ws.rs.Path;

import java.lang.annotation.Annotation;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The methods a path takes, read from the JAX-RS resources, for the {@code Allow} header that RFC 9110 requires on a
 * 405 and that RESTEasy Reactive leaves out.
 */
@Singleton
public class AllowedMethods {

    private static final List<String> ORDER = List.of(HttpMethod.GET, HttpMethod.HEAD, HttpMethod.POST, HttpMethod.PUT,
            HttpMethod.PATCH, HttpMethod.DELETE, HttpMethod.OPTIONS);
    // the resources' templates are all plain {name}: one segment each
    private static final Pattern PARAMETER = Pattern.compile("\\{[^}]*}");

    private record Operation(Pattern path, String method) {
    }

    private final List<Operation> operations;

    AllowedMethods(BeanManager beans) {
        this.operations = beans.getBeans(Object.class, Any.Literal.INSTANCE).stream()
                .map(Bean::getBeanClass)
                .filter(type -> type.isAnnotationPresent(Path.class))
                .distinct()
                .flatMap(type -> operationsOf(type).stream())
                .toList();
    }

    private static List<Operation> operationsOf(Class<?> resource) {
        String base = resource.getAnnotation(Path.class).value();
        List<Operation> found = new ArrayList<>();
        for (Method method : resource.getMethods()) {
            for (Annotation annotation : method.getAnnotations()) {
                HttpMethod http = annotation.annotationType().getAnnotation(HttpMethod.class);
                if (http != null) {
                    Path path = method.getAnnotation(Path.class);
                    found.add(new Operation(pattern(path == null ? base : base + "/" + path.value()), http.value()));
                }
            }
        }
        return found;
    }

    private static Pattern pattern(String template) {
        String path = normalized(template);
        StringBuilder regex = new StringBuilder();
        int last = 0;
        for (var parameter = PARAMETER.matcher(path); parameter.find(); last = parameter.end()) {
            regex.append(Pattern.quote(path.substring(last, parameter.start()))).append("[^/]+");
        }
        return Pattern.compile(regex.append(Pattern.quote(path.substring(last))).toString());
    }

    private static String normalized(String path) {
        String single = ("/" + path).replaceAll("/+", "/");
        return single.length() > 1 && single.endsWith("/") ? single.substring(0, single.length() - 1) : single;
    }

    /**
     * The {@code Allow} value for {@code path}: its resource methods, {@code HEAD} with {@code GET} and
     * {@code OPTIONS}, which RESTEasy Reactive answers on every resource path; empty if no resource has the path.
     */
    public Optional<String> of(String path) {
        String normalized = normalized(path);
        Set<String> methods = operations.stream()
                .filter(operation -> operation.path().matcher(normalized).matches())
                .map(Operation::method)
                .collect(Collectors.toCollection(() -> new TreeSet<>(
                        Comparator.comparingInt(AllowedMethods::rank).thenComparing(Comparator.naturalOrder()))));
        if (methods.isEmpty()) {
            return Optional.empty();
        }
        if (methods.contains(HttpMethod.GET)) {
            methods.add(HttpMethod.HEAD);
        }
        methods.add(HttpMethod.OPTIONS);
        return Optional.of(String.join(", ", methods));
    }

    private static int rank(String method) {
        int rank = ORDER.indexOf(method);
        return rank < 0 ? ORDER.size() : rank;
    }
}
