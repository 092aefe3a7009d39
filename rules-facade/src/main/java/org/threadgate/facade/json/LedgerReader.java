package org.threadgate.facade.json;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.model.EventType;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Objective;

/** Maps the ledger's request bodies to the model, naming every invalid field by its JSON path. */
public final class LedgerReader {
    /** The ledger's input shapes' fields (the HTTP document's schemas of the same names). */
    static final java.util.Map<String, Set<String>> SHAPES = WireFields.declare(
            "MessagingEvent", WireFields.ordered("eventId", "type", "businessId", "personId", "occurredAt",
                    "campaignId", "timeZone"),
            "DeliveryByReference", WireFields.ordered("campaignId", "personId", "at", "record"),
            "CampaignByReference", WireFields.ordered("campaignId", "at"),
            "AudienceRequest", WireFields.ordered("at"),
            "BusinessRegistration", WireFields.ordered("sponsoredMessagesEnabled"),
            "CampaignRegistration", WireFields.ordered("businessId", "objective"));
    private static final Set<String> EVENT_FIELDS = SHAPES.get("MessagingEvent");
    private static final Set<String> DELIVERY_BY_REFERENCE = SHAPES.get("DeliveryByReference");
    private static final Set<String> CAMPAIGN_BY_REFERENCE = SHAPES.get("CampaignByReference");
    private static final Set<String> AUDIENCE_REQUEST = SHAPES.get("AudienceRequest");
    private static final Set<String> BUSINESS_REGISTRATION = SHAPES.get("BusinessRegistration");
    private static final Set<String> CAMPAIGN_REGISTRATION = SHAPES.get("CampaignRegistration");

    private LedgerReader() {
    }

    /**
     * {@code {campaignId, personId, at?}}: a delivery decision by reference to the ledger.
     *
     * @param campaignId the campaign
     * @param personId the person
     * @param at the instant to decide for
     * @param record whether a DELIVER is recorded with the decision
     */
    public record DeliveryByReference(String campaignId, String personId, Instant at, boolean record) {
    }

    /**
     * {@code {campaignId, at?}}.
     *
     * @param campaignId the campaign
     * @param at the instant to decide for
     */
    public record CampaignByReference(String campaignId, Instant at) {
    }

    /**
     * {@code {campaignId, personId, at?, record?}}: a delivery decision by reference to the ledger.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @param limits the field limits
     * @return the request
     * @throws InvalidRequestException naming every invalid field
     */
    public static DeliveryByReference deliveryByReference(JsonNode root, Instant now, FieldLimits limits) {
        Fields f = new Fields(limits);
        f.onlyKnown(root, "", DELIVERY_BY_REFERENCE);
        String campaignId = f.id(root, "campaignId", "");
        String personId = f.id(root, "personId", "");
        Instant at = f.instant(root, "at", "", false);
        boolean record = false;
        JsonNode recordNode = root.get("record");
        if (recordNode != null && !recordNode.isNull()) {
            if (recordNode.isBoolean()) {
                record = recordNode.booleanValue();
            } else {
                f.add("record", "must be true or false, was " + RequestCodec.type(recordNode));
            }
        }
        f.throwIfAny();
        return new DeliveryByReference(campaignId, personId, at == null ? now : at, record);
    }

    /**
     * {@code {campaignId, at?}}: a campaign decision by reference.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @param limits the field limits
     * @return the request
     * @throws InvalidRequestException naming every invalid field
     */
    public static CampaignByReference campaignByReference(JsonNode root, Instant now, FieldLimits limits) {
        Fields f = new Fields(limits);
        f.onlyKnown(root, "", CAMPAIGN_BY_REFERENCE);
        String campaignId = f.id(root, "campaignId", "");
        Instant at = f.instant(root, "at", "", false);
        f.throwIfAny();
        return new CampaignByReference(campaignId, at == null ? now : at);
    }

    /**
     * {@code {at?}} or an empty body: the instant an audience is decided for.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @param limits the field limits
     * @return the instant
     * @throws InvalidRequestException naming every invalid field
     */
    public static Instant atOnly(JsonNode root, Instant now, FieldLimits limits) {
        Fields f = new Fields(limits);
        f.onlyKnown(root, "", AUDIENCE_REQUEST);
        Instant at = f.instant(root, "at", "", false);
        f.throwIfAny();
        return at == null ? now : at;
    }

    /**
     * {@code {sponsoredMessagesEnabled}}: a business registration (shape {@code BusinessRegistration}).
     *
     * @param root the request body
     * @param limits the field limits
     * @return the rollout flag
     * @throws InvalidRequestException naming every invalid field
     */
    public static boolean businessBody(JsonNode root, FieldLimits limits) {
        Fields f = new Fields(limits);
        f.onlyKnown(root, "", BUSINESS_REGISTRATION);
        Boolean enabled = f.bool(root, "sponsoredMessagesEnabled", "");
        f.throwIfAny();
        return enabled;
    }

    /**
     * {@code {businessId, objective}}: a campaign registration (shape {@code CampaignRegistration}).
     *
     * @param businessId the campaign's business
     * @param objective its objective
     */
    public record CampaignBody(String businessId, Objective objective) {
    }

    /**
     * A campaign registration (shape {@code CampaignRegistration}).
     *
     * @param root the request body
     * @param limits the field limits
     * @return the registration
     * @throws InvalidRequestException naming every invalid field
     */
    public static CampaignBody campaignBody(JsonNode root, FieldLimits limits) {
        Fields f = new Fields(limits);
        f.onlyKnown(root, "", CAMPAIGN_REGISTRATION);
        String businessId = f.id(root, "businessId", "");
        Objective objective = f.enumValue(root, "objective", "", Objective.class);
        f.throwIfAny();
        return new CampaignBody(businessId, objective);
    }

    /**
     * A path parameter used as an id.
     *
     * @param value the path segment
     * @param name the parameter's name, for the message
     * @param limits the field limits
     * @return the id
     * @throws InvalidRequestException when it is not an id
     */
    public static String pathId(String value, String name, FieldLimits limits) {
        Fields f = new Fields(limits);
        String id = f.idValue(value, name);
        f.throwIfAny();
        return id;
    }

    /**
     * One event; {@code path} is its place in the request ({@code [3]}). Instants are kept to the microsecond, the
     * precision the ledger stores, so that state folded in any order compares equal.
     *
     * @param node the event
     * @param path its place in the request
     * @param errors where each invalid field is added
     * @param limits the field limits
     * @return the event, or {@code null} when it is invalid
     */
    public static MessagingEvent event(JsonNode node, String path, List<FieldError> errors,
                                       FieldLimits limits) {
        Fields f = new Fields(limits);
        if (!node.isObject()) {
            errors.add(new FieldError(path, "must be an event object {eventId, type, businessId, personId,"
                    + " occurredAt}, was " + RequestCodec.type(node)));
            return null;
        }
        f.onlyKnown(node, path + ".", EVENT_FIELDS);
        String eventId = f.id(node, "eventId", path + ".");
        EventType type = f.enumValue(node, "type", path + ".", EventType.class);
        String businessId = f.id(node, "businessId", path + ".");
        String personId = f.id(node, "personId", path + ".");
        Instant occurredAt = f.instant(node, "occurredAt", path + ".", true);
        String campaignId = null;
        java.time.ZoneId timeZone = null;
        if (type == null) {
            // the type's own error says what is accepted; which extra fields fit is decided by a valid type
        } else if (type == EventType.SPONSORED_MESSAGE) {
            campaignId = f.id(node, "campaignId", path + ".");
        } else if (node.hasNonNull("campaignId")) {
            f.add(path + ".campaignId", "is only accepted on SPONSORED_MESSAGE events, not " + type);
        }
        if (type == null) {
            // as above
        } else if (type == EventType.PERSON_PROFILE) {
            timeZone = f.zone(node, "timeZone", path + ".");
            if (timeZone == null && f.errors().stream().noneMatch(e -> e.field().equals(path + ".timeZone"))) {
                f.add(path + ".timeZone", "is required on PERSON_PROFILE events: an IANA time zone such as"
                        + " Europe/Paris");
            }
        } else if (node.hasNonNull("timeZone")) {
            f.add(path + ".timeZone", "is only accepted on PERSON_PROFILE events, not " + type);
        }
        errors.addAll(f.errors());
        if (!f.errors().isEmpty()) {
            return null;
        }
        return new MessagingEvent(eventId, type, businessId, personId, occurredAt.truncatedTo(ChronoUnit.MICROS),
                campaignId, timeZone);
    }

    /**
     * All the events of a JSON array, or every invalid one named by index and field.
     *
     * @param array the request body
     * @param limit the most events taken
     * @param limits the field limits
     * @return the events, in order
     * @throws InvalidRequestException naming every invalid event and field
     * @throws TooManyEventsException past {@code limit}
     */
    public static List<MessagingEvent> events(JsonNode array, int limit, FieldLimits limits) {
        if (!array.isArray()) {
            throw new InvalidRequestException("", "the body must be a JSON array of events (or application/x-ndjson,"
                    + " one event per line), was " + RequestCodec.type(array));
        }
        if (array.size() > limit) {
            throw new TooManyEventsException(array.size(), limit);
        }
        List<FieldError> errors = new ArrayList<>();
        List<MessagingEvent> events = new ArrayList<>(array.size());
        for (int i = 0; i < array.size(); i++) {
            MessagingEvent event = event(array.get(i), "[" + i + "]", errors, limits);
            if (event != null) {
                events.add(event);
            }
        }
        if (!errors.isEmpty()) {
            throw InvalidRequestException.of(errors, "nothing was stored");
        }
        return events;
    }
}
