package org.threadgate.flink;

import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.apache.flink.api.java.tuple.Tuple2;
import org.threadgate.facade.json.FieldError;
import org.threadgate.facade.json.FieldLimits;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.LedgerReader;
import org.threadgate.facade.json.ThreadStateCodec;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;

/**
 * Threadgate's event JSON and thread states as they travel through a job: as text, so that no record type needs a
 * Flink serializer of its own, read and written with the library's own codecs.
 */
final class Events {
    private Events() {
    }

    /** The key a thread's events are grouped by: business and person (ids never hold a slash). */
    static String key(String businessId, String personId) {
        return businessId + "/" + personId;
    }

    /** An event line with its thread's key; {@code null} for a line that is not a valid event. */
    static Tuple2<String, String> keyed(String line) {
        MessagingEvent event = event(line);
        return event == null ? null : Tuple2.of(key(event.businessId(), event.personId()), line);
    }

    /** The event of a line, read as {@code POST /v1/events} reads it; {@code null} when it is not one. */
    static MessagingEvent event(String line) {
        if (line == null || line.isBlank()) {
            return null;
        }
        try {
            JsonNode node = Json.parseObject(line);
            List<FieldError> errors = new ArrayList<>();
            return LedgerReader.event(node, "", errors, FieldLimits.DEFAULTS);
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** A thread state as the service's thread view shows it (one codec: {@link ThreadStateCodec}). */
    static String write(ThreadState state) {
        return ThreadStateCodec.write(state);
    }

    static ThreadState thread(String json) {
        return ThreadStateCodec.read(json);
    }
}
