package io.sendzen.logs.shared;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;

/** Turns a Jackson failure into a {@link Problem} that names the body field, without echoing the input. */
final class JsonProblems {

    private JsonProblems() {
    }

    static Problem describe(JsonProcessingException e) {
        if (e instanceof JsonParseException) {
            return new Problem("body", "is not valid JSON");
        }
        if (e instanceof UnrecognizedPropertyException unknown) {
            return new Problem(path(unknown), "is not a known field");
        }
        if (e instanceof MismatchedInputException mismatch) {
            String path = path(mismatch);
            if (path.isEmpty()) {
                String message = String.valueOf(e.getOriginalMessage());
                if (message.startsWith("No content")) {
                    return new Problem("body", "is required");
                }
                return new Problem("body", message.startsWith("Trailing token") ? "is not valid JSON" : "must be a JSON object");
            }
            Class<?> target = mismatch.getTargetType();
            return new Problem(path, "must be " + typeName(target));
        }
        if (e instanceof JsonMappingException mapping && !path(mapping).isEmpty()) {
            return new Problem(path(mapping), "has an invalid value");
        }
        return new Problem("body", "is not valid JSON");
    }

    private static String path(JsonMappingException e) {
        StringBuilder path = new StringBuilder();
        for (JsonMappingException.Reference ref : e.getPath()) {
            if (ref.getFieldName() != null) {
                if (!path.isEmpty()) {
                    path.append('.');
                }
                path.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                path.append('[').append(ref.getIndex()).append(']');
            }
        }
        return path.toString();
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "of another type";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "a boolean";
        }
        if (Number.class.isAssignableFrom(type) || type == int.class || type == long.class) {
            return "an integer";
        }
        if (type.isArray() || java.util.Collection.class.isAssignableFrom(type)) {
            return "an array";
        }
        return "an object";
    }
}
