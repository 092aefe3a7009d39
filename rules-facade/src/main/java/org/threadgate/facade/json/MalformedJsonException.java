package org.threadgate.facade.json;

import java.util.List;

/**
 * The body is not a single well-formed JSON object in UTF-8. {@code errors} names where the parser stopped when it
 * stopped inside a field.
 */
public class MalformedJsonException extends RuntimeException {
    /** Where the parser stopped, when inside a field. */
    private final List<FieldError> errors;

    /**
     * A body that cannot be read.
     *
     * @param message what is wrong with it
     */
    public MalformedJsonException(String message) {
        this(message, List.of());
    }

    /**
     * A body that cannot be read, stopping inside a field.
     *
     * @param message what is wrong with it
     * @param errors the field where the parser stopped
     */
    public MalformedJsonException(String message, List<FieldError> errors) {
        super(message);
        this.errors = List.copyOf(errors);
    }

    /**
     * Where the parser stopped.
     *
     * @return the field, or empty when outside any field
     */
    public List<FieldError> errors() {
        return errors;
    }
}
