package org.threadgate.facade.json;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.model.PersonDelivery;
import org.threadgate.model.Recipient;
import org.threadgate.model.SponsoredDelivery;
import org.threadgate.model.ThreadState;

/**
 * The one codec of a thread's state as the ledger keeps it (the HTTP API's {@code ThreadView} shape), in both
 * directions: the service's thread view writes it, and the Flink jobs write it between their operators and in their
 * NDJSON output, and read it back. Reading takes the fields it knows and ignores the derived ones ({@code open},
 * {@code audienceMember}) and any others.
 */
public final class ThreadStateCodec {
    private ThreadStateCodec() {
    }

    /**
     * The state as its JSON object, fields in the document's order (absent values as {@code null}).
     *
     * @param t the state
     * @return field name to value, ready for the shared mapper
     */
    public static Map<String, Object> view(ThreadState t) {
        Map<String, Object> view = new LinkedHashMap<>();
        view.put("businessId", t.businessId());
        view.put("personId", t.personId());
        view.put("lastPersonInteractionAt", t.lastPersonInteractionAt());
        view.put("lastBusinessMessageAt", t.lastBusinessMessageAt());
        view.put("blocked", t.blocked());
        view.put("blockChangedAt", t.blockChangedAt());
        view.put("messagesOff", t.messagesOff());
        view.put("messagesChangedAt", t.messagesChangedAt());
        view.put("timeZone", t.timeZone() == null ? null : t.timeZone().getId());
        view.put("timeZoneChangedAt", t.timeZoneChangedAt());
        List<Map<String, Object>> deliveries = new ArrayList<>(t.deliveries().size());
        for (SponsoredDelivery d : t.deliveries()) {
            Map<String, Object> delivery = new LinkedHashMap<>();
            delivery.put("campaignId", d.campaignId());
            delivery.put("deliveredAt", d.deliveredAt());
            deliveries.add(delivery);
        }
        view.put("deliveries", deliveries);
        view.put("open", t.lastPersonInteractionAt() != null);
        view.put("audienceMember", t.audienceMember());
        return view;
    }

    /**
     * The state as one line of JSON.
     *
     * @param t the state
     * @return its JSON
     */
    public static String write(ThreadState t) {
        return Json.write(view(t));
    }

    /**
     * The state as one line of JSON with the person's deliveries from every business beside it
     * ({@code personDeliveries: [{businessId, campaignId, deliveredAt}]}, the shape of {@code person.recentDeliveries}):
     * a member as the Flink audience job reads it, so that the person cap sees what the service's audience stream sees.
     *
     * @param t                the state
     * @param personDeliveries the person's deliveries from every business, newest first
     * @return its JSON
     */
    public static String write(ThreadState t, List<PersonDelivery> personDeliveries) {
        Map<String, Object> view = view(t);
        view.put("personDeliveries", view(personDeliveries));
        return Json.write(view);
    }

    /**
     * A person's deliveries from every business as JSON objects {@code {businessId, campaignId, deliveredAt}} (the
     * shape of {@code person.recentDeliveries}), in the order given.
     *
     * @param personDeliveries the deliveries
     * @return one map per delivery, ready for the shared mapper
     */
    public static List<Map<String, Object>> view(List<PersonDelivery> personDeliveries) {
        List<Map<String, Object>> all = new ArrayList<>(personDeliveries.size());
        for (PersonDelivery d : personDeliveries) {
            Map<String, Object> delivery = new LinkedHashMap<>();
            delivery.put("businessId", d.businessId());
            delivery.put("campaignId", d.campaignId());
            delivery.put("deliveredAt", d.deliveredAt());
            all.add(delivery);
        }
        return all;
    }

    /**
     * The recipient a state line stands for: with the person's deliveries from every business when the line lists
     * them ({@link #write(ThreadState, List)}), else with the thread's own (what a ledger holding only this thread
     * knows).
     *
     * @param json one JSON object this codec wrote
     * @return the recipient
     * @throws IllegalArgumentException when it is not a thread state
     */
    public static Recipient recipient(String json) {
        JsonNode n = tree(json);
        ThreadState thread = read(n);
        JsonNode listed = n.get("personDeliveries");
        if (listed == null || !listed.isArray()) {
            return thread.toRecipient(ThreadState.personDeliveries(List.of(thread)));
        }
        List<PersonDelivery> deliveries = new ArrayList<>(listed.size());
        for (JsonNode d : listed) {
            deliveries.add(new PersonDelivery(d.path("businessId").asText(), d.path("campaignId").asText(),
                    instant(d.get("deliveredAt"))));
        }
        return thread.toRecipient(deliveries);
    }

    /**
     * A state this codec wrote.
     *
     * @param json one JSON object
     * @return the state
     * @throws IllegalArgumentException when it is not a thread state
     */
    public static ThreadState read(String json) {
        return read(tree(json));
    }

    private static JsonNode tree(String json) {
        try {
            return Json.MAPPER.readTree(json);
        } catch (IOException e) {
            throw new IllegalArgumentException("not a thread state: " + e.getMessage(), e);
        }
    }

    private static ThreadState read(JsonNode n) {
        if (n == null || !n.isObject() || !n.hasNonNull("businessId") || !n.hasNonNull("personId")) {
            throw new IllegalArgumentException("not a thread state: it needs businessId and personId");
        }
        String personId = n.get("personId").asText();
        List<SponsoredDelivery> deliveries = new ArrayList<>();
        for (JsonNode d : n.path("deliveries")) {
            deliveries.add(new SponsoredDelivery(personId, d.path("campaignId").asText(),
                    instant(d.get("deliveredAt"))));
        }
        JsonNode zone = n.get("timeZone");
        return new ThreadState(n.get("businessId").asText(), personId, instant(n.get("lastPersonInteractionAt")),
                instant(n.get("lastBusinessMessageAt")), n.path("blocked").asBoolean(),
                instant(n.get("blockChangedAt")), n.path("messagesOff").asBoolean(),
                instant(n.get("messagesChangedAt")), zone == null || zone.isNull() ? null : ZoneId.of(zone.asText()),
                instant(n.get("timeZoneChangedAt")), deliveries);
    }

    private static Instant instant(JsonNode value) {
        return value == null || value.isNull() ? null : Timestamps.parse(value.asText());
    }
}
