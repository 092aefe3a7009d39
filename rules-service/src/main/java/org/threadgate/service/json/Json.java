package org.threadgate.service.json;

import java.io.IOException;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamConstraintsException;
import com.fasterxml.jackson.core.json.JsonReadFeature;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;

/** The one configured JSON mapper, and parsing that turns every kind of malformed input into a clear error. */
public final class Json {
    /** Deeper than any valid request needs (4 levels), far below what could exhaust a stack. */
    public static final int MAX_NESTING_DEPTH = 32;

    public static final ObjectMapper MAPPER = JsonMapper.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .disable(JsonReadFeature.ALLOW_NON_NUMERIC_NUMBERS)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            .enable(DeserializationFeature.USE_BIG_DECIMAL_FOR_FLOATS)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS)
            .addModule(new JavaTimeModule())
            .build();

    static {
        MAPPER.getFactory().setStreamReadConstraints(StreamReadConstraints.builder()
                .maxNestingDepth(MAX_NESTING_DEPTH)
                .maxNumberLength(100)
                .maxStringLength(1_000_000)
                .build());
    }

    private Json() {
    }

    /** Parses one JSON object; anything else (empty, malformed, not UTF-8, too deep, not an object) is rejected. */
    public static JsonNode parseObject(byte[] body) {
        if (body.length == 0 || isBlank(body)) {
            throw new MalformedJsonException("the request body is empty; a JSON object is expected");
        }
        return requireObject(parseAny(body));
    }

    /** Parses any one JSON value (an array of events, say); malformed input is rejected as for objects. */
    public static JsonNode parseAny(byte[] body) {
        if (body.length == 0 || isBlank(body)) {
            throw new MalformedJsonException("the request body is empty; JSON is expected");
        }
        try {
            return MAPPER.readTree(body);
        } catch (StreamConstraintsException e) {
            throw new MalformedJsonException("the JSON is nested too deeply or holds a value too long: "
                    + firstLine(e.getOriginalMessage()));
        } catch (JsonProcessingException e) {
            throw new MalformedJsonException("the body is not valid JSON (UTF-8): " + describe(e));
        } catch (IOException e) {
            throw new MalformedJsonException("the body could not be read: " + e.getMessage());
        }
    }

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

    /** Writes compact JSON; our own response objects always serialize. */
    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
    }
}
