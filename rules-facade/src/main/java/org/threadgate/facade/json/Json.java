package org.threadgate.facade.json;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.SerializerProvider;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.databind.module.SimpleModule;
import com.fasterxml.jackson.databind.ser.std.StdSerializer;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import org.threadgate.model.InstantText;

/** The one configured JSON mapper, and parsing that turns every kind of malformed input into a clear error. */
public final class Json {
    /** Deeper than any valid request needs (4 levels), far below what could exhaust a stack. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Far beyond the longest number any field takes (a count fits in 10 digits). */
    static final int MAX_NUMBER_LENGTH = 100;
    /** Far beyond the longest string any field takes; keeps a hostile body from costing much to parse. */
    static final int MAX_STRING_LENGTH = 1_000_000;

    /** The one mapper: strict (duplicate keys, trailing tokens and non-numeric numbers rejected), ISO-8601 instants. */
    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .addModule(new SimpleModule("instants-as-text").addSerializer(Instant.class, new InstantWriter()))
            .build();

    /** Writes an instant as {@link Instant#toString()} does (and JavaTimeModule would), without its formatter. */
    private static final class InstantWriter extends StdSerializer<Instant> {
        InstantWriter() {
            super(Instant.class);
        }

        @Override
        public void serialize(Instant value, JsonGenerator json, SerializerProvider provider) throws IOException {
            json.writeString(InstantText.of(value));
        }
    }

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(MAX_NUMBER_LENGTH)
                .maxStringLength(MAX_STRING_LENGTH)
                .build());
    }

    private Json() {
    }

    /**
     * Parses one JSON object; anything else (empty, malformed, not UTF-8, too deep, not an object) is rejected.
     *
     * @param body the request body, UTF-8
     * @return the object
     * @throws MalformedJsonException when it is not one JSON object
     */
    public static JsonNode parseObject(byte[] body) {
        if (body.length == 0 || isBlank(body)) {
            throw new MalformedJsonException("the request body is empty; a JSON object is expected");
        }
        return requireObject(parseAny(body));
    }

    /**
     * Parses any one JSON value (an array of events, say); malformed input is rejected as for objects.
     *
     * @param body the request body, UTF-8
     * @return the value
     * @throws MalformedJsonException when it is not one JSON value
     */
    public static JsonNode parseAny(byte[] body) {
        if (body.length == 0 || isBlank(body)) {
            throw new MalformedJsonException("the request body is empty; JSON is expected");
        }
        JsonParser parser = null;
        try {
            parser = MAPPER.createParser(body);
            JsonNode node = MAPPER.readTree(parser);
            parser.close();
            return node;
        } catch (StreamConstraintsException e) {
            String problem = limitProblem(e.getOriginalMessage());
            // too deep: the field where the nesting starts, not the 32 levels below it
            String field = fieldAt(parser, problem.startsWith("nests") ? 1 : Integer.MAX_VALUE);
            throw new MalformedJsonException((field.isEmpty() ? "the JSON " : field + " ") + problem,
                    field.isEmpty() ? List.of() : List.of(new FieldError(field, problem)));
        } catch (JsonProcessingException e) {
            String field = fieldAt(parser, Integer.MAX_VALUE);
            String detail = "the body is not valid JSON (UTF-8): " + describe(e);
            throw new MalformedJsonException(detail, field.isEmpty() ? List.of()
                    : List.of(new FieldError(field, "is not valid JSON here: " + firstLine(e.getOriginalMessage()))));
        } catch (IOException e) {
            throw new MalformedJsonException("the body could not be read: " + e.getMessage());
        }
    }

    /** What the parser's own limits refused, worded for a caller: what was sent and what is taken. */
    private static String limitProblem(String message) {
        String m = message == null ? "" : message;
        if (m.contains("Number value length")) {
            return "holds a number over " + MAX_NUMBER_LENGTH + " characters long; no field takes one that long";
        }
        if (m.contains("String value length")) {
            return "holds a string over " + MAX_STRING_LENGTH + " characters long; no field takes one that long";
        }
        if (m.contains("nesting depth")) {
            return "nests deeper than " + MAX_NESTING_DEPTH + " levels; requests need at most 4";
        }
        return "is over a limit of the JSON reader: " + firstLine(m);
    }

    /**
     * The field the parser was in when it stopped, as the errors name fields ({@code campaign.audienceSize},
     * {@code recipients[3].blocks[0].kind}, {@code [2].eventId} in an array body), at most {@code depth} levels of
     * it; empty at the top level.
     */
    private static String fieldAt(JsonParser parser, int depth) {
        if (parser == null) {
            return "";
        }
        List<String> parts = new ArrayList<>();
        for (JsonStreamContext c = parser.getParsingContext(); c != null && !c.inRoot(); c = c.getParent()) {
            if (c.inArray()) {
                parts.add("[" + Math.max(0, c.getCurrentIndex()) + "]");
            } else if (c.getCurrentName() != null) {
                parts.add(c.getCurrentName());
            }
        }
        StringBuilder path = new StringBuilder();
        for (int i = parts.size() - 1; i >= Math.max(0, parts.size() - depth); i--) {
            String part = parts.get(i);
            if (path.length() > 0 && !part.startsWith("[")) {
                path.append('.');
            }
            path.append(part);
        }
        return path.toString();
    }

    /**
     * Parses one JSON object from a line of text (an NDJSON line).
     *
     * @param line the text
     * @return the object
     * @throws MalformedJsonException when it is not one JSON object
     */
    public static JsonNode parseObject(String line) {
        return parseObject(line.getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    private static JsonNode requireObject(JsonNode node) {
        if (node == null || node.isMissingNode()) {
            throw new MalformedJsonException("the request body is empty; a JSON object is expected");
        }
        if (!node.isObject()) {
            throw new MalformedJsonException("the body is a JSON " + node.getNodeType().name().toLowerCase()
                    + "; a JSON object is expected");
        }
        return node;
    }

    private static boolean isBlank(byte[] body) {
        for (byte b : body) {
            if (b != ' ' && b != '\n' && b != '\r' && b != '\t') {
                return false;
            }
        }
        return true;
    }

    private static String describe(JsonProcessingException e) {
        String message = firstLine(e.getOriginalMessage());
        if (e.getLocation() != null && e.getLocation().getLineNr() > 0) {
            message += " (line " + e.getLocation().getLineNr() + ", column " + e.getLocation().getColumnNr() + ")";
        }
        return message;
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        int nl = s.indexOf('\n');
        String line = nl < 0 ? s : s.substring(0, nl);
        return line.length() > 300 ? line.substring(0, 300) + "…" : line;
    }

    /**
     * Writes compact JSON; our own response objects always serialize.
     *
     * @param value a response object
     * @return its JSON
     */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
