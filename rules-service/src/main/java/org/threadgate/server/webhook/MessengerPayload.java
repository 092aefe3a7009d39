package org.threadgate.server.webhook;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.DateTimeException;
import java.time.Instant;
import java.time.ZoneId;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.threadgate.facade.json.FieldError;
import org.threadgate.facade.json.InvalidRequestException;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;

/**
 * A Messenger page webhook delivery ({@code {"object": "page", "entry": [{"id", "time", "messaging": [...],
 * "standby": [...]}]}}) read into ledger events. The page is the business and the PSID the person (for an echo, the
 * page sends and the person receives). Fields and kinds the platform adds over time are ignored, never an error;
 * a missing or mistyped field the mapping needs is a 400 naming its JSON path. Event ids are the message id where
 * there is one, otherwise a hash of page, person, kind, timestamp and payload, so a retried delivery stores nothing
 * new.
 */
public final class MessengerPayload {
    /** The events of one delivery, and how many items of each ignored kind it held. */
    public record Read(int items, List<MessagingEvent> events, Map<String, Integer> ignored) {
    }

    /** Kinds the platform sends that the ledger does not need; any other unknown kind counts as "other". */
    static final Set<String> KNOWN_IGNORED = Set.of("read", "delivery", "account_linking", "policy_enforcement",
            "pass_thread_control", "take_thread_control", "request_thread_control", "app_roles", "message_edit",
            "handover", "game_play", "checkout_update", "payment", "response_feedback");

    private static final String STOP = "STOP NOTIFICATIONS";
    private static final String RESUME = "RESUME NOTIFICATIONS";
    private static final java.util.regex.Pattern ID = java.util.regex.Pattern.compile("[A-Za-z0-9._:@+=-]{1,200}");
    private static final ObjectMapper CANONICAL = new ObjectMapper()
            .enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private MessengerPayload() {
    }

    /**
     * The events of a delivery.
     *
     * @param root the parsed body
     * @return the events in payload order, and the ignored items by kind
     * @throws InvalidRequestException naming each malformed field by JSON path
     */
    public static Read read(JsonNode root) {
        List<FieldError> errors = new ArrayList<>();
        JsonNode object = root.get("object");
        if (object == null || !object.isTextual() || !object.textValue().equals("page")) {
            errors.add(new FieldError("object", "must be \"page\" (a Messenger page subscription), was "
                    + (object == null ? "absent" : object.toString())));
        }
        JsonNode entries = root.get("entry");
        if (entries == null || !entries.isArray()) {
            errors.add(new FieldError("entry", "must be an array of page entries {id, time, messaging[]}"));
            throw InvalidRequestException.of(errors, "nothing was stored");
        }
        List<MessagingEvent> events = new ArrayList<>();
        Map<String, Integer> ignored = new TreeMap<>();
        int items = 0;
        for (int e = 0; e < entries.size(); e++) {
            JsonNode entry = entries.get(e);
            String entryPath = "entry[" + e + "]";
            if (!entry.isObject()) {
                errors.add(new FieldError(entryPath, "must be an object {id, time, messaging[]}"));
                continue;
            }
            for (String list : List.of("messaging", "standby")) {
                JsonNode array = entry.get(list);
                if (array == null || array.isNull()) {
                    continue;
                }
                if (!array.isArray()) {
                    errors.add(new FieldError(entryPath + "." + list, "must be an array of messaging events"));
                    continue;
                }
                for (int i = 0; i < array.size(); i++) {
                    items++;
                    item(array.get(i), entryPath + "." + list + "[" + i + "]", events, ignored, errors);
                }
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.of(errors, "nothing was stored");
        }
        return new Read(items, events, ignored);
    }

    private static void item(JsonNode item, String path, List<MessagingEvent> events, Map<String, Integer> ignored,
                             List<FieldError> errors) {
        if (!item.isObject()) {
            errors.add(new FieldError(path, "must be a messaging event object {sender, recipient, timestamp, ...}"));
            return;
        }
        String sender = id(item, "sender", path, errors);
        String recipient = id(item, "recipient", path, errors);
        Instant at = timestamp(item, path, errors);
        if (sender == null || recipient == null || at == null) {
            return;
        }
        JsonNode message = item.get("message");
        if (message != null && message.isObject()) {
            boolean echo = message.path("is_echo").asBoolean(false);
            // an echo is the page's own message: the page sends, the person receives
            String business = echo ? sender : recipient;
            String person = echo ? recipient : sender;
            EventType type = echo ? EventType.BUSINESS_MESSAGE : EventType.PERSON_MESSAGE;
            MessagingEvent sponsored = echo ? sponsored(message, business, person, at, path + ".message", errors)
                    : null;
            events.add(sponsored != null ? sponsored
                    : event(type, business, person, at, message, message.path("mid").asText(null), null));
            return;
        }
        for (Map.Entry<String, EventType> kind : Map.of("postback", EventType.PERSON_POSTBACK,
                "reaction", EventType.PERSON_REACTION, "referral", EventType.PERSON_REFERRAL).entrySet()) {
            JsonNode payload = item.get(kind.getKey());
            if (payload != null && payload.isObject()) {
                // a reaction's mid is the message reacted to, so it never names the event itself
                String mid = kind.getValue() == EventType.PERSON_POSTBACK ? payload.path("mid").asText(null) : null;
                events.add(event(kind.getValue(), recipient, sender, at, payload, mid, null));
                return;
            }
        }
        JsonNode optin = item.get("optin");
        if (optin != null && optin.isObject()) {
            boolean mapped = false;
            String status = optin.path("notification_messages_status").asText("");
            if (status.equalsIgnoreCase(STOP) || status.equalsIgnoreCase(RESUME)) {
                events.add(event(status.equalsIgnoreCase(STOP) ? EventType.MESSAGES_OFF : EventType.MESSAGES_ON,
                        recipient, sender, at, optin, null, null));
                mapped = true;
            }
            String zone = optin.path("notification_messages_timezone").asText(null);
            if (zone != null) {
                try {
                    events.add(event(EventType.PERSON_PROFILE, recipient, sender, at, optin, null, ZoneId.of(zone)));
                    mapped = true;
                } catch (DateTimeException e) {
                    // a zone this JVM does not know: retrying would not help, so it is counted and left out
                    ignored.merge("optin_unknown_timezone", 1, Integer::sum);
                }
            }
            if (!mapped) {
                ignored.merge("optin", 1, Integer::sum);
            }
            return;
        }
        String kind = "other";
        for (var fields = item.fieldNames(); fields.hasNext(); ) {
            String name = fields.next();
            if (KNOWN_IGNORED.contains(name)) {
                kind = name;
                break;
            }
        }
        ignored.merge(kind, 1, Integer::sum);
    }

    /**
     * A page's echo of a sponsored message: the sender put {@code {"threadgate": "sponsored", "campaignId": "...",
     * "decisionId": "..."}} in the Send API's {@code metadata}, and the echo carries it back. It becomes the
     * SPONSORED_MESSAGE delivery the caps count; with the decision id, under the id a decision recorded with
     * {@code record: true} gives its delivery ({@code delivery:<decisionId>}), so the same message is never counted
     * twice. {@code null} for any other echo (no metadata, or metadata that is not Threadgate's).
     */
    private static MessagingEvent sponsored(JsonNode message, String business, String person, Instant at, String path,
                                            List<FieldError> errors) {
        JsonNode metadata = message.get("metadata");
        if (metadata == null || !metadata.isTextual() || !metadata.textValue().startsWith("{")) {
            return null;
        }
        JsonNode tag;
        try {
            tag = CANONICAL.readTree(metadata.textValue());
        } catch (JsonProcessingException e) {
            return null; // another sender's metadata that only looks like JSON
        }
        if (tag == null || !tag.isObject() || !"sponsored".equals(tag.path("threadgate").asText(null))) {
            return null;
        }
        String campaignId = tag.path("campaignId").isTextual() ? tag.get("campaignId").textValue() : null;
        if (campaignId == null || !ID.matcher(campaignId).matches()) {
            errors.add(new FieldError(path + ".metadata.campaignId", "must be the campaign's id (1 to 200 of"
                    + " A-Z a-z 0-9 . _ : @ + = -) in a sponsored message's metadata, was "
                    + (tag.get("campaignId") == null ? "absent" : shorten(tag.get("campaignId").toString()))));
            return null;
        }
        JsonNode decision = tag.get("decisionId");
        if (decision != null && !decision.isNull() && !(decision.isTextual() && ID.matcher(decision.textValue())
                .matches())) {
            errors.add(new FieldError(path + ".metadata.decisionId", "must be the id of the decision that let the"
                    + " message through (1 to 200 of A-Z a-z 0-9 . _ : @ + = -), or absent, was "
                    + shorten(decision.toString())));
            return null;
        }
        String mid = message.path("mid").asText(null);
        String eventId = decision != null && decision.isTextual() ? "delivery:" + decision.textValue()
                : mid != null && ID.matcher(mid).matches() ? "mid:" + mid
                : "mh:" + hash(business, person, EventType.SPONSORED_MESSAGE, at, canonical(message));
        return new MessagingEvent(eventId, EventType.SPONSORED_MESSAGE, business, person, at, campaignId, null);
    }

    private static String shorten(String text) {
        return text.length() <= 60 ? text : text.substring(0, 57) + "...";
    }

    private static MessagingEvent event(EventType type, String business, String person, Instant at,
                                        JsonNode payload, String mid, ZoneId zone) {
        String eventId = mid != null && ID.matcher(mid).matches() ? "mid:" + mid
                : "mh:" + hash(business, person, type, at, mid != null ? mid : canonical(payload));
        return new MessagingEvent(eventId, type, business, person, at, null, zone);
    }

    private static String id(JsonNode item, String field, String path, List<FieldError> errors) {
        JsonNode node = item.path(field).get("id");
        String text = node == null || node.isNull() ? null : node.isTextual() ? node.textValue()
                : node.isIntegralNumber() ? node.asText() : null;
        if (text == null || !ID.matcher(text).matches()) {
            errors.add(new FieldError(path + "." + field + ".id", "must be the " + (field.equals("sender")
                    ? "sender's" : "recipient's") + " id (a page id or a PSID: digits), was "
                    + (node == null ? "absent" : node.toString())));
            return null;
        }
        return text;
    }

    private static Instant timestamp(JsonNode item, String path, List<FieldError> errors) {
        JsonNode node = item.get("timestamp");
        if (node == null || !node.isIntegralNumber() || node.asLong() < 0) {
            errors.add(new FieldError(path + ".timestamp", "must be the event's time in epoch milliseconds, was "
                    + (node == null ? "absent" : node.toString())));
            return null;
        }
        return Instant.ofEpochMilli(node.asLong()).truncatedTo(ChronoUnit.MICROS);
    }

    private static String canonical(JsonNode payload) {
        try {
            return CANONICAL.writeValueAsString(CANONICAL.convertValue(payload, LinkedHashMap.class));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return payload.toString();
        }
    }

    private static String hash(String business, String person, EventType type, Instant at, String payload) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            for (String part : List.of(business, person, type.name(), at.toString(), payload)) {
                digest.update(part.getBytes(StandardCharsets.UTF_8));
                digest.update((byte) 0);
            }
            return HexFormat.of().formatHex(digest.digest()).substring(0, 40);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }
}
