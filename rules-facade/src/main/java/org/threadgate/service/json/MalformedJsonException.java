package org.threadgate.service.json;

import java.util.List;

/**
 * The body is not a single well-formed JSON object in UTF-8. {@code errors} names where the parser stopped when it
 * stopped inside a field.
 */
public class MalformedJsonException extends RuntimeException {
    private final List<FieldError> errors;

    public MalformedJsonException(String message) {
        this(message, List.of());
    }

    public MalformedJsonException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
