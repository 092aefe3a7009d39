package org.threadgate.facade.json;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields each input shape accepts, by the name of its schema in the HTTP API's OpenAPI document. The readers take
 * their field lists from here and reject any other field; the server's contract test checks this table against the
 * document it serves, both ways, so neither can gain or lose a field alone.
 */
public final class WireFields {
    private static final Map<String, Set<String>> SHAPES = shapes();

    private WireFields() {
    }

    /**
     * The accepted fields of one shape.
     *
     * @param shape the schema's name, for example {@code DeliveryRequest}
     * @return its fields, in the order the document lists them
     * @throws IllegalArgumentException for a shape no reader accepts
     */
    public static Set<String> of(String shape) {
        Set<String> fields = SHAPES.get(shape);
        if (fields == null) {
            throw new IllegalArgumentException("no reader accepts the shape " + shape);
        }
        return fields;
    }

    /**
     * Every input shape and its fields.
     *
     * @return shape name to fields, unmodifiable
     */
    public static Map<String, Set<String>> all() {
        return SHAPES;
    }

    private static Map<String, Set<String>> shapes() {
        Map<String, Set<String>> m = new LinkedHashMap<>();
        m.put("DeliveryRequest", ordered("at", "business", "campaign", "person", "thread", "blocks",
                "recentDeliveries"));
        m.put("CampaignRequest", ordered("at", "business", "campaign"));
        m.put("BatchRequest", ordered("at", "business", "campaign", "recipients"));
        m.put("Recipient", ordered("person", "thread", "blocks", "recentDeliveries"));
        m.put("Business", ordered("id", "sponsoredMessagesEnabled"));
        m.put("Campaign", ordered("id", "objective", "audienceSize"));
        m.put("Person", ordered("id", "timeZone"));
        m.put("Thread", ordered("lastPersonInteractionAt"));
        m.put("Block", ordered("kind", "since"));
        m.put("SponsoredDelivery", ordered("campaignId", "deliveredAt"));
        m.put("MessagingEvent", ordered("eventId", "type", "businessId", "personId", "occurredAt", "campaignId",
                "timeZone"));
        m.put("DeliveryByReference", ordered("campaignId", "personId", "at", "record"));
        m.put("CampaignByReference", ordered("campaignId", "at"));
        m.put("AudienceRequest", ordered("at"));
        m.put("BusinessRegistration", ordered("sponsoredMessagesEnabled"));
        m.put("CampaignRegistration", ordered("businessId", "objective"));
        return java.util.Collections.unmodifiableMap(m);
    }

    private static Set<String> ordered(String... fields) {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(List.of(fields)));
    }
}
