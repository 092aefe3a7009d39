package org.threadgate.facade.decisionlog;

import java.io.IOException;
import java.io.InputStream;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.facade.json.Streaming;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;

/**
 * Reads a decision record straight into what replay needs, with a streaming parser (no JSON tree, none of the API's
 * field checks: the records were written by Threadgate; the model's own checks still apply). Unknown fields are
 * skipped, so records written by a later version still read.
 */
public final class RecordReader {
    private static final JsonFactory FACTORY = Json.MAPPER.getFactory();

    private RecordReader() {
    }

    /**
     * A record as replay uses it.
     *
     * @param decisionId    the decision's id
     * @param at            when the service made it
     * @param kind          {@code delivery} or {@code campaign}
     * @param policyVersion the version that decided it
     * @param campaign      the campaign request (the whole request of a campaign decision)
     * @param delivery      the delivery request, or {@code null} for a campaign decision
     * @param logged        what was decided, in the terms replay compares
     */
    public record Replayable(String decisionId, Instant at, String kind, String policyVersion, CampaignRequest campaign,
                      DeliveryRequest delivery, Replay.Verdict logged) {
    }

    /**
     * One record.
     *
     * @param json the record, one JSON value
     * @return the record
     * @throws IOException when it is not a record
     */
    public static Replayable read(String json) throws IOException {
        try (JsonParser p = FACTORY.createParser(json)) {
            Replayable record = read(p, p.nextToken());
            if (p.nextToken() != null) {
                throw new IOException("more than one JSON value on the line");
            }
            return record;
        }
    }

    /**
     * The records of an NDJSON stream, one after another from one byte-level parser.
     *
     * @param ndjson the stream
     * @return the records, to close
     * @throws IOException when the stream cannot be read
     */
    public static Stream stream(InputStream ndjson) throws IOException {
        return new Stream(FACTORY.createParser(ndjson));
    }

    /** Records read one at a time; {@link #next()} is null at the end. */
    public static final class Stream implements AutoCloseable {
        private final JsonParser parser;

        private Stream(JsonParser parser) {
            this.parser = parser;
        }

        /**
         * The next record.
         *
         * @return the record, or {@code null} at the end
         * @throws IOException when the next value is not a record
         */
        public Replayable next() throws IOException {
            JsonToken first = parser.nextToken();
            return first == null ? null : read(parser, first);
        }

        /** Closes the parser (and the stream under it). */
        @Override
        public void close() throws IOException {
            parser.close();
        }
    }

    private static Replayable read(JsonParser p, JsonToken first) throws IOException {
        expect(first, JsonToken.START_OBJECT);
        String id = null;
        Instant decided = null;
        String kind = null;
        String version = null;
        String outcome = null;
        Instant retryAt = null;
        List<Replay.ReasonVerdict> reasons = new ArrayList<>(2);
        RequestCodec.Written request = null;
        while (p.nextToken() == JsonToken.FIELD_NAME) {
            String field = p.currentName();
            p.nextToken();
            switch (field) {
                case "decisionId" -> id = p.getText();
                case "at" -> decided = instant(p);
                case "kind" -> kind = p.getText();
                case "policyVersion" -> version = p.getText();
                case "outcome" -> outcome = p.getText();
                case "retryAt" -> retryAt = instant(p);
                case "reasons" -> readReasons(p, reasons);
                case "request" -> request = RequestCodec.readWritten(p);
                default -> p.skipChildren();
            }
        }
        if (id == null || decided == null || version == null || outcome == null || request == null) {
            throw new IOException("a record lacks decisionId, at, policyVersion, outcome or request");
        }
        DeliveryRequest delivery = LogRecord.DELIVERY.equals(kind) ? request.delivery() : null;
        return new Replayable(id, decided, kind, version, request.campaign(), delivery,
                new Replay.Verdict(outcome, reasons, retryAt));
    }

    static void readReasons(JsonParser p, List<Replay.ReasonVerdict> reasons) throws IOException {
        expect(p.currentToken(), JsonToken.START_ARRAY);
        Streaming.objects(p, q -> {
            String[] code = new String[1];
            Instant[] retry = new Instant[1];
            Streaming.fields(q, (f, r) -> switch (f) {
                case "code" -> {
                    code[0] = r.getText();
                    yield true;
                }
                case "retryAt" -> {
                    retry[0] = Streaming.instant(r);
                    yield true;
                }
                default -> false;
            });
            reasons.add(new Replay.ReasonVerdict(code[0], retry[0]));
        });
    }

    private static Instant instant(JsonParser p) throws IOException {
        return Streaming.instant(p);
    }

    private static void expect(JsonToken actual, JsonToken expected) throws IOException {
        if (actual != expected) {
            throw new IOException("expected " + expected + ", found " + actual);
        }
    }
}
