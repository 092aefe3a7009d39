package org.threadgate.facade.json;

import java.util.List;

/** A request that could not be read, with every invalid field named. */
public class InvalidRequestException extends RuntimeException {
    /** The invalid fields, each with what would be accepted. */
    private final List<FieldError> errors;

    /**
     * A request with invalid fields.
     *
     * @param detail one sentence for the problem document
     * @param errors each invalid field
     */
    public InvalidRequestException(String detail, List<FieldError> errors) {
        super(detail);
        this.errors = List.copyOf(errors);
    }

    /**
     * A request with one invalid field.
     *
     * @param field the field's JSON path
     * @param message what is wrong and what would be accepted
     */
    public InvalidRequestException(String field, String message) {
        this(field + ": " + message, List.of(new FieldError(field, message)));
    }

    /**
     * The request's invalid fields: the detail names the field when there is one, and otherwise counts them and adds
     * {@code consequence} ("see errors", "nothing was stored").
     *
     * @param errors each invalid field
     * @param consequence what follows from them
     * @return the exception
     */
    public static InvalidRequestException of(List<FieldError> errors, String consequence) {
        String detail = errors.size() == 1 ? errors.get(0).field() + " " + errors.get(0).message()
                : errors.size() + " fields are invalid; " + consequence;
        return new InvalidRequestException(detail, errors);
    }

    /**
     * The invalid fields.
     *
     * @return each field with what would be accepted
     */
    public List<FieldError> errors() {
        return errors;
    }
}
