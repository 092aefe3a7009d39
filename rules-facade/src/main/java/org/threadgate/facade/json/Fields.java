package org.threadgate.facade.json;

import java.math.BigInteger;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;

/** Reads typed fields from a JSON tree, collecting an error (JSON path and what is accepted) for each bad one. */
final class Fields {
    private final List<FieldError> list = new ArrayList<>();
    private final FieldLimits limits;

    Fields(FieldLimits limits) {
        this.limits = limits;
    }

    Fields() {
        this(FieldLimits.DEFAULTS);
    }

    FieldLimits limits() {
        return limits;
    }

    void add(String field, String message) {
        list.add(new FieldError(field, message));
    }

    void throwIfAny() {
        if (!list.isEmpty()) {
            throw InvalidRequestException.of(list, "see errors");
        }
    }

    void onlyKnown(JsonNode object, String prefix, Set<String> known) {
        for (Iterator<Map.Entry<String, JsonNode>> it = object.fields(); it.hasNext(); ) {
            String name = it.next().getKey();
            if (!known.contains(name)) {
                add(prefix + name, "is not a known field; accepted here: " + String.join(", ",
                        known.stream().sorted().toList()));
            }
        }
    }

    JsonNode object(JsonNode parent, String name, String prefix, boolean required, String shape) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            if (required) {
                add(prefix + name, "is required: an object " + shape);
            }
            return null;
        }
        if (!node.isObject()) {
            add(prefix + name, "must be an object " + shape + ", was " + RequestCodec.type(node));
            return null;
        }
        return node;
    }

    String id(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            add(prefix + name, "is required: a non-blank string id");
            return null;
        }
        if (!node.isTextual()) {
            add(prefix + name, "must be a string id, was " + RequestCodec.type(node));
            return null;
        }
        return checkId(node.textValue(), prefix + name);
    }

    Boolean bool(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        if (node == null || node.isNull()) {
            add(prefix + name, "is required: true or false");
            return null;
        }
        if (!node.isBoolean()) {
            add(prefix + name, "must be true or false, was " + RequestCodec.type(node));
            return null;
        }
        return node.booleanValue();
    }

    Integer count(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        String accepted = "a whole number from 0 to " + Integer.MAX_VALUE;
        if (node == null || node.isNull()) {
            add(prefix + name, "is required: " + accepted);
            return null;
        }
        if (!node.isNumber()) {
            add(prefix + name, "must be " + accepted + ", was " + RequestCodec.type(node));
            return null;
        }
        BigInteger value;
        if (node.isIntegralNumber()) {
            value = node.bigIntegerValue();
        } else {
            try {
                value = node.decimalValue().toBigIntegerExact();
            } catch (ArithmeticException e) {
                add(prefix + name, "must be " + accepted + ", was " + node.decimalValue().toPlainString());
                return null;
            }
        }
        if (value.signum() < 0 || value.bitLength() > 31) {
            add(prefix + name, "must be " + accepted + ", was " + value);
            return null;
        }
        return value.intValue();
    }

    /** An optional IANA time zone ({@code null} when absent or null). */
    java.time.ZoneId zone(JsonNode parent, String name, String prefix) {
        JsonNode node = parent.get(name);
        String accepted = "an IANA time zone such as Europe/Paris or America/New_York";
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            add(prefix + name, "must be " + accepted + ", was " + RequestCodec.type(node));
            return null;
        }
        try {
            return java.time.ZoneId.of(node.textValue());
        } catch (java.time.DateTimeException e) {
            add(prefix + name, "must be " + accepted + ", was '" + abbreviate(node.textValue()) + "'");
            return null;
        }
    }

    Instant instant(JsonNode parent, String name, String prefix, boolean required) {
        JsonNode node = parent.get(name);
        String accepted = "an ISO-8601 timestamp with a zone offset, such as 2026-03-10T12:00:00Z";
        if (node == null || node.isNull()) {
            if (required) {
                add(prefix + name, "is required: " + accepted);
            }
            return null;
        }
        if (!node.isTextual()) {
            add(prefix + name, "must be " + accepted + ", was " + RequestCodec.type(node));
            return null;
        }
        try {
            return Timestamps.parse(node.textValue());
        } catch (DateTimeParseException e) {
            add(prefix + name, "must be " + accepted + ", was '" + abbreviate(node.textValue()) + "'");
            return null;
        }
    }

    <E extends Enum<E>> E enumValue(JsonNode parent, String name, String prefix, Class<E> type) {
        JsonNode node = parent.get(name);
        if (node != null && node.isTextual()) {
            for (Enum<?> constant : CONSTANTS.get(type)) {
                if (constant.name().equals(node.textValue())) {
                    return type.cast(constant);
                }
            }
        }
        // what is accepted is worded only for an answer that needs it
        String accepted = "one of " + String.join(", ", CONSTANTS.get(type).stream().map(Enum::name).toList());
        if (node == null || node.isNull()) {
            add(prefix + name, "is required: " + accepted);
        } else if (!node.isTextual()) {
            add(prefix + name, "must be " + accepted + ", was " + RequestCodec.type(node));
        } else {
            add(prefix + name, "must be " + accepted + ", was '" + abbreviate(node.textValue()) + "'");
        }
        return null;
    }

    /** Each enum's constants, read once ({@code getEnumConstants} copies the array on every call). */
    private static final ClassValue<List<Enum<?>>> CONSTANTS = new ClassValue<>() {
        @Override
        protected List<Enum<?>> computeValue(Class<?> type) {
            return List.of((Enum<?>[]) type.getEnumConstants());
        }
    };

    private static String abbreviate(String value) {
        return value.length() > 64 ? value.substring(0, 64) + "…" : value;
    }

    List<FieldError> errors() {
        return list;
    }

    /** A value given outside the JSON body (a path parameter) checked as an id. */
    String idValue(String value, String name) {
        return checkId(value == null ? "" : value, name);
    }

    private String checkId(String value, String field) {
        if (value.isBlank()) {
            add(field, "must not be blank");
            return null;
        }
        if (value.length() > limits.maxIdLength()) {
            add(field, "must be at most " + limits.maxIdLength() + " characters, was " + value.length());
            return null;
        }
        if (!FieldLimits.ID.matcher(value).matches()) {
            add(field, "may hold only " + FieldLimits.ID_CHARACTERS);
            return null;
        }
        return value;
    }
}
