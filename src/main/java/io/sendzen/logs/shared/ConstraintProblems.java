package io.sendzen.logs.shared;

import com.fasterxml.jackson.databind.PropertyNamingStrategies;
import jakarta.validation.ConstraintViolation;
import jakarta.validation.ConstraintViolationException;
import jakarta.validation.ElementKind;
import jakarta.validation.Path;
import jakarta.validation.ValidationException;

import java.lang.annotation.Annotation;
import java.lang.reflect.RecordComponent;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Turns the constraint violations of a request record into {@link Problem}s: named by the JSON field, in the order of
 * the record's components, one for each field (the first of its constraints, in the order they are written, that
 * fails), as the hand-written checks have always answered.
 */
final class ConstraintProblems {

    /** As {@code quarkus.jackson.property-naming-strategy}. */
    private static final PropertyNamingStrategies.NamingBase JSON_NAMES =
            (PropertyNamingStrategies.NamingBase) PropertyNamingStrategies.SNAKE_CASE;

    private ConstraintProblems() {
    }

    /** Empty unless every violation is of a method parameter, that is of what the client sent. */
    static Optional<List<Problem>> ofRequest(ValidationException e) {
        if (!(e instanceof ConstraintViolationException violations) || violations.getConstraintViolations().isEmpty()
                || !violations.getConstraintViolations().stream().allMatch(ConstraintProblems::ofParameter)) {
            return Optional.empty();
        }
        Map<String, Problem> firstOfEachField = new LinkedHashMap<>();
        violations.getConstraintViolations().stream()
                .sorted(Comparator.comparingInt(ConstraintProblems::componentIndex)
                        .thenComparingInt(ConstraintProblems::constraintIndex))
                .forEach(v -> firstOfEachField.putIfAbsent(field(v), new Problem(parameter(v), v.getMessage())));
        return Optional.of(List.copyOf(firstOfEachField.values()));
    }

    private static boolean ofParameter(ConstraintViolation<?> violation) {
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.RETURN_VALUE) {
                return false;
            }
        }
        return true;
    }

    /** The record component the violation is about; empty for the parameter itself. */
    private static String field(ConstraintViolation<?> violation) {
        String field = "";
        for (Path.Node node : violation.getPropertyPath()) {
            if (node.getKind() == ElementKind.PROPERTY) {
                field = node.getName();
            }
        }
        return field;
    }

    private static String parameter(ConstraintViolation<?> violation) {
        String field = field(violation);
        return field.isEmpty() ? "body" : JSON_NAMES.translate(field);
    }

    private static int componentIndex(ConstraintViolation<?> violation) {
        RecordComponent[] components = components(violation);
        String field = field(violation);
        for (int i = 0; i < components.length; i++) {
            if (components[i].getName().equals(field)) {
                return i;
            }
        }
        return -1;
    }

    /** Where the constraint is written on the component's field (a constraint does not target record components). */
    private static int constraintIndex(ConstraintViolation<?> violation) {
        Class<? extends Annotation> constraint = violation.getConstraintDescriptor().getAnnotation().annotationType();
        Object bean = violation.getLeafBean();
        if (bean == null) {
            return -1;
        }
        try {
            return Arrays.stream(bean.getClass().getDeclaredField(field(violation)).getAnnotations())
                    .map(Annotation::annotationType).toList().indexOf(constraint);
        } catch (NoSuchFieldException e) {
            return -1;
        }
    }

    private static RecordComponent[] components(ConstraintViolation<?> violation) {
        Object bean = violation.getLeafBean();
        RecordComponent[] components = bean == null ? null : bean.getClass().getRecordComponents();
        return components == null ? new RecordComponent[0] : components;
    }
}
