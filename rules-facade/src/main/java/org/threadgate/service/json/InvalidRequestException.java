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

    /**
     * The request's invalid fields: the detail names the field when there is one, and otherwise counts them and adds
     * {@code consequence} ("see errors", "nothing was stored").
     */
    public static InvalidRequestException of(List<FieldError> errors, String consequence) {
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid; " + consequence;
        return new InvalidRequestException(detail, errors);
    }

    public List<FieldError> errors() {
        return errors;
    }
}
