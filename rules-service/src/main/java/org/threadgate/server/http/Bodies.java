package org.threadgate.server.http;

import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;

import io.javalin.http.Context;
import org.threadgate.facade.json.Json;
import org.threadgate.server.problem.ApiProblem;
import org.threadgate.server.problem.ProblemException;

/** Reading request bodies: the media type checked (415), the size bounded (413). */
final class Bodies {
    static final String JSON = "application/json";
    static final String NDJSON = "application/x-ndjson";

    private Bodies() {
    }

    /** The Content-Type without parameters, lower case; empty when there is none. */
    static String mediaType(Context ctx) {
        String header = ctx.header("Content-Type");
        if (header == null) {
            return "";
        }
        int semicolon = header.indexOf(';');
        return (semicolon < 0 ? header : header.substring(0, semicolon)).trim().toLowerCase(Locale.ROOT);
    }

    /** Reads the body, refusing a wrong media type (415) and anything over {@code limit} bytes (413). */
    static byte[] read(Context ctx, String expectedType, int limit) throws IOException {
        String type = mediaType(ctx);
        if (!expectedType.equals(type)) {
            throw new ProblemException(ApiProblem.of(415, "Unsupported Media Type", "UNSUPPORTED_MEDIA_TYPE",
                    "Content-Type " + (type.isEmpty() ? "is missing" : "'" + type + "' is not accepted here")
                            + "; send " + expectedType
                            + (ctx.path().endsWith("/batch") ? " (or " + NDJSON + " for the streamed form)" : "")));
        }
        long declared = ctx.req().getContentLengthLong();
        if (declared > limit) {
            throw tooLarge(limit);
        }
        InputStream in = ctx.req().getInputStream();
        if (declared >= 0) { // its length is known: read into a buffer of that size (no 8 KB chunk, no copy)
            byte[] bytes = new byte[(int) declared];
            int read = in.readNBytes(bytes, 0, bytes.length);
            // a body cut short is passed on as it came, and fails as the JSON it is
            return read < bytes.length ? java.util.Arrays.copyOf(bytes, read) : bytes;
        }
        byte[] bytes = in.readNBytes(limit + 1);
        if (bytes.length > limit) {
            throw tooLarge(limit);
        }
        return bytes;
    }

    /** A body that may be empty (no Content-Type needed then) or JSON. */
    static byte[] optionalJson(Context ctx, int limit) throws IOException {
        if (!present(ctx)) {
            return new byte[0];
        }
        return read(ctx, JSON, limit);
    }

    /** True when the request declares a body (a length above 0, or chunked transfer). */
    static boolean present(Context ctx) {
        return ctx.req().getContentLengthLong() > 0 || ctx.header("Transfer-Encoding") != null;
    }

    /**
     * Answers {@code value} as JSON, serialized straight to bytes (Javalin's own JSON path goes through a String
     * first, which showed in the profile of single decisions).
     */
    static void json(Context ctx, Object value) {
        byte[] bytes;
        try {
            bytes = Json.MAPPER.writeValueAsBytes(value);
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("cannot serialize " + value.getClass().getSimpleName(), e);
        }
        ctx.contentType(JSON);
        if (bytes.length >= UNCOMPRESSED) {
            ctx.result(bytes); // Javalin compresses it when the client accepts that
            return;
        }
        // A small answer, which Javalin would not compress either, goes to the response as it is: Javalin's way
        // copies it through a stream and a fresh 8 KB buffer, and checks for compression, on every answer.
        try {
            ctx.res().setContentLength(bytes.length);
            ctx.res().getOutputStream().write(bytes);
        } catch (IOException e) {
            throw new java.io.UncheckedIOException("the client went away while the answer was written", e);
        }
    }

    /** Javalin compresses no answer smaller than this (its default minimum for compression). */
    private static final int UNCOMPRESSED = 1_500;

    private static ProblemException tooLarge(int limit) {
        return new ProblemException(ApiProblem.of(413, "Content Too Large", "BODY_TOO_LARGE",
                "the body is larger than " + limit + " bytes, the limit for this endpoint"));
    }
}
