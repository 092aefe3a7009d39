package org.threadgate.facade.json;

import java.io.IOException;
import java.time.Instant;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

/**
 * Reading back, from a streaming parser and without a tree, JSON that a codec wrote (the decision log's records):
 * an object's fields in any order, unknown ones skipped, so records written by a later version still read.
 */
public final class Streaming {
    private Streaming() {
    }

    /** Reads one field's value; answers false for a field it does not know, which is then skipped. */
    @FunctionalInterface
    public interface Field {
        /**
         * Reads the value the parser is on.
         *
         * @param name the field's name
         * @param p    the parser, on the field's value
         * @return whether the field was known and its value read
         * @throws IOException when the parser fails
         */
        boolean read(String name, JsonParser p) throws IOException;
    }

    /** Reads one object of an array. */
    @FunctionalInterface
    public interface Element {
        /**
         * Reads the object the parser is on.
         *
         * @param p the parser, on the object's {@code START_OBJECT}
         * @throws IOException when the parser fails
         */
        void read(JsonParser p) throws IOException;
    }

    /**
     * Hands every field of the object the parser is on to {@code field}.
     *
     * @param p     the parser, on the object's {@code START_OBJECT}
     * @param field reads each known field
     * @throws IOException when the parser fails
     */
    public static void fields(JsonParser p, Field field) throws IOException {
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String name = p.currentName();
            p.nextToken();
            if (!field.read(name, p)) {
                p.skipChildren();
            }
        }
    }

    /**
     * Hands every object of the array the parser is on to {@code element}.
     *
     * @param p       the parser, on the array's {@code START_ARRAY}
     * @param element reads each object
     * @throws IOException when the parser fails
     */
    public static void objects(JsonParser p, Element element) throws IOException {
        while (p.nextToken() == JsonToken.START_OBJECT) {
            element.read(p);
        }
    }

    /**
     * An instant a codec wrote.
     *
     * @param p the parser, on the value
     * @return the instant, or {@code null} for JSON null
     * @throws IOException when the parser fails
     */
    public static Instant instant(JsonParser p) throws IOException {
        return p.currentToken() == JsonToken.VALUE_NULL ? null : Timestamps.parse(p.getText());
    }
}
