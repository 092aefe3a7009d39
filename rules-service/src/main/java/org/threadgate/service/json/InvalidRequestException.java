package org.threadgate.service.json;

import java.util.List;

/** A request that could not be read, with every invalid field named. */
public class InvalidRequestException extends RuntimeException {
    private final List<FieldError> errors;

    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    public InvalidRequestException(String field, String message) {
        this(field + ": " + message, List.of(new FieldError(field, message)));
    }

    public List<FieldError> errors() {
        return errors;
    }
}
