package org.threadgate.model;

import java.util.Objects;

/** Argument checks shared by the model's records; messages name the field and what is accepted. */
final class Checks {
    private Checks() {
    }

    static <T> T required(T value, String field) {
        return Objects.requireNonNull(value, () -> field + " is required");
    }

    static String id(String value, String field) {
        required(value, field);
        if (value.isBlank()) {
            throw new IllegalArgumentException(field + " must be a non-blank id");
        }
        return value;
    }
}
