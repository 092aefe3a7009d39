package org.threadgate.facade.json;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.model.SponsoredDelivery;

/**
 * Maps request JSON to the model, naming every invalid field by its JSON path. It checks form only (types, required
 * fields, ranges, known enum values); what the policies decide stays in the rules.
 */
public final class RequestReader {

    private static final Set<String> DELIVERY_FIELDS = WireFields.of("DeliveryRequest");
    private static final Set<String> CAMPAIGN_FIELDS = WireFields.of("CampaignRequest");
    private static final Set<String> BATCH_FIELDS = WireFields.of("BatchRequest");
    private static final Set<String> RECIPIENT_FIELDS = WireFields.of("Recipient");
    private static final Set<String> BUSINESS_FIELDS = WireFields.of("Business");
    private static final Set<String> CAMPAIGN_OBJECT_FIELDS = WireFields.of("Campaign");
    private static final Set<String> PERSON_FIELDS = WireFields.of("Person");
    private static final Set<String> THREAD_FIELDS = WireFields.of("Thread");
    private static final Set<String> BLOCK_FIELDS = WireFields.of("Block");
    private static final Set<String> DELIVERY_HISTORY_FIELDS = WireFields.of("SponsoredDelivery");

    private RequestReader() {
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
        Recipient recipient = recipient(root, "", campaign == null ? null : campaign.business().id(), errors);
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
                list.add(recipient(item, path + ".", businessId, errors));
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
        Recipient recipient = recipient(root, "", businessId, errors);
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

    private static Recipient recipient(JsonNode root, String prefix, String businessId, Fields errors) {
        JsonNode person = errors.object(root, "person", prefix, true, "{id, timeZone?}");
        String personId = null;
        java.time.ZoneId timeZone = null;
        if (person != null) {
            errors.onlyKnown(person, prefix + "person.", PERSON_FIELDS);
            personId = errors.id(person, "id", prefix + "person.");
            timeZone = errors.zone(person, "timeZone", prefix + "person.");
        }
        JsonNode thread = errors.object(root, "thread", prefix, false, "{lastPersonInteractionAt?}");
        boolean hasThread = thread != null;
        Instant last = null;
        if (hasThread) {
            errors.onlyKnown(thread, prefix + "thread.", THREAD_FIELDS);
            last = errors.instant(thread, "lastPersonInteractionAt", prefix + "thread.", false);
        }
        List<Block> blocks = new ArrayList<>();
        JsonNode blockArray = root.get("blocks");
        if (blockArray != null && !blockArray.isNull()) {
            if (!blockArray.isArray()) {
                errors.add(prefix + "blocks", "must be an array of {kind, since?}, was " + type(blockArray));
            } else if (blockArray.size() > errors.limits().maxBlocksPerRecipient()) {
                errors.add(prefix + "blocks", "must list at most " + errors.limits().maxBlocksPerRecipient()
                        + " blocks, listed " + blockArray.size());
            } else {
                for (int i = 0; i < blockArray.size(); i++) {
                    String path = prefix + "blocks[" + i + "]";
                    JsonNode block = blockArray.get(i);
                    if (!block.isObject()) {
                        errors.add(path, "must be an object {kind, since?}, was " + type(block));
                        continue;
                    }
                    errors.onlyKnown(block, path + ".", BLOCK_FIELDS);
                    BlockKind kind = errors.enumValue(block, "kind", path + ".", BlockKind.class);
                    Instant since = errors.instant(block, "since", path + ".", false);
                    if (kind != null && personId != null && businessId != null) {
                        blocks.add(new Block(personId, businessId, kind, since));
                    }
                }
            }
        }
        List<SponsoredDelivery> history = deliveries(root, prefix, personId, errors);
        if (personId == null || businessId == null) {
            return null;
        }
        return new Recipient(new Person(personId, timeZone),
                hasThread ? new Conversation(businessId, personId, last) : null, blocks, history);
    }

    /** {@code recentDeliveries[{campaignId, deliveredAt}]}: the business's sponsored messages the person got. */
    private static List<SponsoredDelivery> deliveries(JsonNode root, String prefix, String personId, Fields errors) {
        List<SponsoredDelivery> history = new ArrayList<>();
        JsonNode array = root.get("recentDeliveries");
        if (array == null || array.isNull()) {
            return history;
        }
        String shape = "{campaignId, deliveredAt}";
        if (!array.isArray()) {
            errors.add(prefix + "recentDeliveries", "must be an array of " + shape + ", was " + type(array));
        } else if (array.size() > MAX_DELIVERIES) {
            errors.add(prefix + "recentDeliveries", "must list at most " + MAX_DELIVERIES + " deliveries, listed "
                    + array.size());
        } else {
            for (int i = 0; i < array.size(); i++) {
                String path = prefix + "recentDeliveries[" + i + "]";
                JsonNode item = array.get(i);
                if (!item.isObject()) {
                    errors.add(path, "must be an object " + shape + ", was " + type(item));
                    continue;
                }
                errors.onlyKnown(item, path + ".", DELIVERY_HISTORY_FIELDS);
                String campaignId = errors.id(item, "campaignId", path + ".");
                Instant deliveredAt = errors.instant(item, "deliveredAt", path + ".", true);
                if (campaignId != null && deliveredAt != null && personId != null) {
                    history.add(new SponsoredDelivery(personId, campaignId, deliveredAt));
                }
            }
        }
        return history;
    }

    /** The most deliveries one recipient may list: what a thread in the ledger keeps at most. */
    public static final int MAX_DELIVERIES = 2 * org.threadgate.model.ThreadState.MAX_DELIVERIES;

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
