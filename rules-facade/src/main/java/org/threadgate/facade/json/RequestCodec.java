package org.threadgate.facade.json;

import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.InstantText;
import org.threadgate.model.Objective;
import org.threadgate.model.Recipient;

/**
 * The one codec of the request shapes (delivery, campaign, batch) in both directions. Reading from callers (HTTP, the
 * command line, YAML cases) maps the JSON to the model and names every invalid field by its JSON path; it checks form
 * only (types, required fields, ranges, known enum values): what the policies decide stays in the rules. Writing
 * puts a request with its facts inline into the decision log, and {@link #readWritten} reads it back for replay
 * without a tree. A recipient's own fields are {@link RecipientCodec}'s.
 */
public final class RequestCodec {
    /** The request shapes' fields (the HTTP document's schemas of the same names). */
    static final Map<String, Set<String>> SHAPES = WireFields.declare(
            "DeliveryRequest", WireFields.ordered("at", "business", "campaign", "person", "thread", "blocks",
                    "recentDeliveries"),
            "CampaignRequest", WireFields.ordered("at", "business", "campaign"),
            "BatchRequest", WireFields.ordered("at", "business", "campaign", "recipients"),
            "Business", WireFields.ordered("id", "sponsoredMessagesEnabled"),
            "Campaign", WireFields.ordered("id", "objective", "audienceSize"));
    private static final Set<String> DELIVERY_FIELDS = SHAPES.get("DeliveryRequest");
    private static final Set<String> CAMPAIGN_FIELDS = SHAPES.get("CampaignRequest");
    private static final Set<String> BATCH_FIELDS = SHAPES.get("BatchRequest");
    private static final Set<String> BUSINESS_FIELDS = SHAPES.get("Business");
    private static final Set<String> CAMPAIGN_OBJECT_FIELDS = SHAPES.get("Campaign");
    private static final Set<String> RECIPIENT_FIELDS = RecipientCodec.SHAPES.get("Recipient");


    private RequestCodec() {
    }

    /**
     * {@code {at?, business, campaign, person, thread?, blocks?}}; {@code at} defaults to {@code now}.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @return the request
     * @throws InvalidRequestException naming every invalid field
     */
    public static DeliveryRequest delivery(JsonNode root, Instant now) {
        return delivery(root, now, FieldLimits.DEFAULTS);
    }

    /**
     * As {@link #delivery(JsonNode, Instant)}, with the given field limits.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @param limits the field limits
     * @return the request
     * @throws InvalidRequestException naming every invalid field
     */
    public static DeliveryRequest delivery(JsonNode root, Instant now, FieldLimits limits) {
        Fields errors = new Fields(limits);
        errors.onlyKnown(root, "", DELIVERY_FIELDS);
        CampaignRequest campaign = campaignPart(root, now, errors);
        Recipient recipient = RecipientCodec.read(root, "", campaign == null ? null : campaign.business().id(), errors);
        errors.throwIfAny();
        return new DeliveryRequest(campaign, recipient);
    }

    /**
     * {@code {at?, business, campaign}}.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @return the request
     * @throws InvalidRequestException naming every invalid field
     */
    public static CampaignRequest campaign(JsonNode root, Instant now) {
        return campaign(root, now, FieldLimits.DEFAULTS);
    }

    /**
     * As {@link #campaign(JsonNode, Instant)}, with the given field limits.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @param limits the field limits
     * @return the request
     * @throws InvalidRequestException naming every invalid field
     */
    public static CampaignRequest campaign(JsonNode root, Instant now, FieldLimits limits) {
        Fields errors = new Fields(limits);
        errors.onlyKnown(root, "", CAMPAIGN_FIELDS);
        CampaignRequest campaign = campaignPart(root, now, errors);
        errors.throwIfAny();
        return campaign;
    }

    /**
     * The first line of a streamed batch, which is the campaign request.
     *
     * @param root the first line
     * @param now the instant used when {@code at} is absent
     * @param limits the field limits
     * @return the campaign request every line shares
     * @throws InvalidRequestException naming every invalid field
     */
    public static CampaignRequest batchHeader(JsonNode root, Instant now, FieldLimits limits) {
        return campaign(root, now, limits);
    }

    /**
     * The JSON batch form {@code {at?, business, campaign, recipients[...]}}; {@code limit} caps the recipients.
     *
     * @param root the request body
     * @param now the instant used when {@code at} is absent
     * @param limit the most recipients accepted
     * @param limits the field limits
     * @return the campaign request and the recipients
     * @throws InvalidRequestException naming every invalid field
     * @throws TooManyRecipientsException past {@code limit}
     */
    public static Batch batch(JsonNode root, Instant now, int limit, FieldLimits limits) {
        Fields errors = new Fields(limits);
        errors.onlyKnown(root, "", BATCH_FIELDS);
        JsonNode recipients = root.get("recipients");
        if (recipients != null && recipients.isArray() && recipients.size() > limit) {
            throw new TooManyRecipientsException(recipients.size(), limit);
        }
        CampaignRequest campaign = campaignPart(root, now, errors);
        List<Recipient> list = new ArrayList<>();
        if (recipients == null || recipients.isNull()) {
            errors.add("recipients", "is required: an array of {person, thread?, blocks?}");
        } else if (!recipients.isArray()) {
            errors.add("recipients", "must be an array of {person, thread?, blocks?}, was " + type(recipients));
        } else {
            String businessId = campaign == null ? null : campaign.business().id();
            for (int i = 0; i < recipients.size(); i++) {
                String path = "recipients[" + i + "]";
                JsonNode item = recipients.get(i);
                if (!item.isObject()) {
                    errors.add(path, "must be an object {person, thread?, blocks?}, was " + type(item));
                    continue;
                }
                errors.onlyKnown(item, path, RECIPIENT_FIELDS);
                list.add(RecipientCodec.read(item, path + ".", businessId, errors));
            }
        }
        errors.throwIfAny();
        return new Batch(campaign, list);
    }

    /**
     * One line of a streamed batch: {@code {person, thread?, blocks?}}.
     *
     * @param root the line
     * @param businessId the batch's business
     * @param limits the field limits
     * @return the recipient
     * @throws InvalidRequestException naming every invalid field
     */
    public static Recipient recipientLine(JsonNode root, String businessId, FieldLimits limits) {
        Fields errors = new Fields(limits);
        errors.onlyKnown(root, "", RECIPIENT_FIELDS);
        Recipient recipient = RecipientCodec.read(root, "", businessId, errors);
        errors.throwIfAny();
        return recipient;
    }

    /** A campaign request and its recipients. */
    public record Batch(CampaignRequest campaign, List<Recipient> recipients) {
    }

    private static CampaignRequest campaignPart(JsonNode root, Instant now, Fields errors) {
        Instant at = errors.instant(root, "at", "", false);
        JsonNode business = errors.object(root, "business", "", true, "{id, sponsoredMessagesEnabled}");
        String businessId = null;
        Boolean enabled = null;
        if (business != null) {
            errors.onlyKnown(business, "business.", BUSINESS_FIELDS);
            businessId = errors.id(business, "id", "business.");
            enabled = errors.bool(business, "sponsoredMessagesEnabled", "business.");
        }
        JsonNode campaign = errors.object(root, "campaign", "", true, "{id, objective, audienceSize}");
        String campaignId = null;
        Objective objective = null;
        Integer audienceSize = null;
        if (campaign != null) {
            errors.onlyKnown(campaign, "campaign.", CAMPAIGN_OBJECT_FIELDS);
            campaignId = errors.id(campaign, "id", "campaign.");
            objective = errors.enumValue(campaign, "objective", "campaign.", Objective.class);
            audienceSize = errors.count(campaign, "audienceSize", "campaign.");
        }
        if (businessId == null || enabled == null || campaignId == null || objective == null
                || audienceSize == null) {
            return null;
        }
        return new CampaignRequest(at == null ? now : at, new Business(businessId, enabled),
                new Campaign(campaignId, businessId, objective, audienceSize));
    }

    /**
     * Writes a delivery request with its facts inline, as {@link #delivery(JsonNode, Instant)} reads it.
     *
     * @param json    the generator, where a value may be written
     * @param request the request
     * @throws IOException when the generator fails
     */
    public static void write(JsonGenerator json, DeliveryRequest request) throws IOException {
        json.writeStartObject();
        writeCampaignFields(json, request.campaign());
        RecipientCodec.write(json, request.recipient());
        json.writeEndObject();
    }

    /**
     * Writes a campaign request, as {@link #campaign(JsonNode, Instant)} reads it.
     *
     * @param json    the generator, where a value may be written
     * @param request the request
     * @throws IOException when the generator fails
     */
    public static void write(JsonGenerator json, CampaignRequest request) throws IOException {
        json.writeStartObject();
        writeCampaignFields(json, request);
        json.writeEndObject();
    }

    private static void writeCampaignFields(JsonGenerator json, CampaignRequest request) throws IOException {
        json.writeStringField("at", InstantText.of(request.at()));
        json.writeObjectFieldStart("business");
        json.writeStringField("id", request.business().id());
        json.writeBooleanField("sponsoredMessagesEnabled", request.business().sponsoredMessagesEnabled());
        json.writeEndObject();
        json.writeObjectFieldStart("campaign");
        json.writeStringField("id", request.campaign().id());
        json.writeStringField("objective", request.campaign().objective().name());
        json.writeNumberField("audienceSize", request.campaign().audienceSize());
        json.writeEndObject();
    }

    /**
     * A request read back by {@link #readWritten}: the campaign part, and the recipient's fields when it was a
     * delivery request.
     *
     * @param campaign  the campaign request
     * @param recipient the recipient's fields as read (none for a campaign request)
     */
    public record Written(CampaignRequest campaign, RecipientCodec.Reader recipient) {
        /**
         * The delivery request.
         *
         * @return the campaign with its recipient
         */
        public DeliveryRequest delivery() {
            return new DeliveryRequest(campaign, recipient.recipient(campaign.business().id()));
        }
    }

    /**
     * Reads back a request this codec wrote (the decision log's), from a streaming parser on its start, without a tree
     * and without the callers' checks (Threadgate wrote it; the model's own checks still apply). Fields may come in
     * any order; unknown ones are skipped, so records written by a later version still read.
     *
     * @param p the parser, on the request's {@code START_OBJECT}
     * @return the request
     * @throws IOException when it is not a request object
     */
    public static Written readWritten(JsonParser p) throws IOException {
        if (p.currentToken() != JsonToken.START_OBJECT) {
            throw new IOException("expected a request object, found " + p.currentToken());
        }
        RecipientCodec.Reader recipient = new RecipientCodec.Reader();
        CampaignPart c = new CampaignPart();
        Streaming.fields(p, (field, q) -> switch (field) {
            case "at" -> {
                c.at = Streaming.instant(q);
                yield true;
            }
            case "business" -> {
                Streaming.fields(q, (f, r) -> switch (f) {
                    case "id" -> {
                        c.businessId = r.getText();
                        yield true;
                    }
                    case "sponsoredMessagesEnabled" -> {
                        c.enabled = r.getBooleanValue();
                        yield true;
                    }
                    default -> false;
                });
                yield true;
            }
            case "campaign" -> {
                Streaming.fields(q, (f, r) -> switch (f) {
                    case "id" -> {
                        c.campaignId = r.getText();
                        yield true;
                    }
                    case "objective" -> {
                        c.objective = Objective.valueOf(r.getText());
                        yield true;
                    }
                    case "audienceSize" -> {
                        c.audience = r.getIntValue();
                        yield true;
                    }
                    default -> false;
                });
                yield true;
            }
            default -> recipient.field(field, q);
        });
        return new Written(new CampaignRequest(c.at, new Business(c.businessId, c.enabled),
                new Campaign(c.campaignId, c.businessId, c.objective, c.audience)), recipient);
    }

    /** The campaign part of a request as it is read back, in any field order. */
    private static final class CampaignPart {
        Instant at;
        String businessId;
        boolean enabled;
        String campaignId;
        Objective objective;
        int audience;
    }

    static String type(JsonNode node) {
        return switch (node.getNodeType()) {
            case OBJECT -> "an object";
            case ARRAY -> "an array";
            case STRING -> "a string";
            case NUMBER -> "a number";
            case BOOLEAN -> "a boolean";
            case NULL -> "null";
            default -> node.getNodeType().name().toLowerCase();
        };
    }
}
