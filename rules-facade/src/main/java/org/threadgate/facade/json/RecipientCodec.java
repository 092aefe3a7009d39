package org.threadgate.facade.json;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Conversation;
import org.threadgate.model.InstantText;
import org.threadgate.model.Person;
import org.threadgate.model.PersonDelivery;
import org.threadgate.model.Recipient;
import org.threadgate.model.SponsoredDelivery;
import org.threadgate.model.ThreadState;

/**
 * The one codec of a recipient's facts as the API's JSON carries them ({@code person}, {@code thread},
 * {@code blocks}, {@code recentDeliveries}), in both directions: read and checked from callers (HTTP, the command line,
 * YAML cases, through {@link RequestCodec}), written by the decision log, and read back without a tree by replay
 * ({@link Reader}). A new per-recipient fact is added here, in all three, and nowhere else in the JSON layer (its
 * fields in {@link WireFields}, which the contract test holds against the HTTP document).
 */
public final class RecipientCodec {
    /** The most deliveries one recipient may list: what a thread in the ledger keeps at most. */
    public static final int MAX_DELIVERIES = 2 * ThreadState.MAX_DELIVERIES;
    /** A recipient's shapes' fields (the HTTP document's schemas of the same names): a new fact is added here. */
    static final java.util.Map<String, java.util.Set<String>> SHAPES = WireFields.declare(
            "Recipient", WireFields.ordered("person", "thread", "blocks", "recentDeliveries"),
            "Person", WireFields.ordered("id", "timeZone", "recentDeliveries"),
            "Thread", WireFields.ordered("lastPersonInteractionAt"),
            "Block", WireFields.ordered("kind", "since"),
            "SponsoredDelivery", WireFields.ordered("campaignId", "deliveredAt"),
            "PersonDelivery", WireFields.ordered("businessId", "campaignId", "deliveredAt"));
    private static final java.util.Set<String> PERSON_FIELDS = SHAPES.get("Person");
    private static final java.util.Set<String> THREAD_FIELDS = SHAPES.get("Thread");
    private static final java.util.Set<String> BLOCK_FIELDS = SHAPES.get("Block");
    private static final java.util.Set<String> DELIVERY_FIELDS = SHAPES.get("SponsoredDelivery");
    private static final java.util.Set<String> PERSON_DELIVERY_FIELDS = SHAPES.get("PersonDelivery");

    private RecipientCodec() {
    }

    /**
     * Reads and checks a recipient's fields from a request: every problem is added to {@code errors} by its path.
     *
     * @param root       the object holding the fields
     * @param prefix     the path of that object, for messages ("" or "recipients[3].")
     * @param businessId the request's business, or {@code null} when it is invalid
     * @param errors     where problems go
     * @return the recipient, or {@code null} when a required part is invalid
     */
    static Recipient read(JsonNode root, String prefix, String businessId, Fields errors) {
        JsonNode person = errors.object(root, "person", prefix, true, "{id, timeZone?, recentDeliveries?}");
        String personId = null;
        java.time.ZoneId timeZone = null;
        List<PersonDelivery> personHistory = List.of();
        if (person != null) {
            errors.onlyKnown(person, prefix + "person.", PERSON_FIELDS);
            personId = errors.id(person, "id", prefix + "person.");
            timeZone = errors.zone(person, "timeZone", prefix + "person.");
            personHistory = personDeliveries(person, prefix + "person.", errors);
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
                errors.add(prefix + "blocks", "must be an array of {kind, since?}, was " + RequestCodec.type(blockArray));
            } else if (blockArray.size() > errors.limits().maxBlocksPerRecipient()) {
                errors.add(prefix + "blocks", "must list at most " + errors.limits().maxBlocksPerRecipient()
                        + " blocks, listed " + blockArray.size());
            } else {
                for (int i = 0; i < blockArray.size(); i++) {
                    String path = prefix + "blocks[" + i + "]";
                    JsonNode block = blockArray.get(i);
                    if (!block.isObject()) {
                        errors.add(path, "must be an object {kind, since?}, was " + RequestCodec.type(block));
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
        return new Recipient(new Person(personId, timeZone, personHistory),
                hasThread ? new Conversation(businessId, personId, last) : null, blocks, history);
    }

    /**
     * {@code person.recentDeliveries[{businessId, campaignId, deliveredAt}]}: the sponsored messages the person got
     * from every business, for the person-level cap.
     */
    private static List<PersonDelivery> personDeliveries(JsonNode person, String prefix, Fields errors) {
        return deliveryArray(person, prefix, "{businessId, campaignId, deliveredAt}", Person.MAX_RECENT_DELIVERIES,
                PERSON_DELIVERY_FIELDS, errors, (item, path) -> {
                    String businessId = errors.id(item, "businessId", path);
                    String campaignId = errors.id(item, "campaignId", path);
                    Instant deliveredAt = errors.instant(item, "deliveredAt", path, true);
                    return businessId != null && campaignId != null && deliveredAt != null
                            ? new PersonDelivery(businessId, campaignId, deliveredAt) : null;
                });
    }

    /** {@code recentDeliveries[{campaignId, deliveredAt}]}: the business's sponsored messages the person got. */
    private static List<SponsoredDelivery> deliveries(JsonNode root, String prefix, String personId, Fields errors) {
        return deliveryArray(root, prefix, "{campaignId, deliveredAt}", MAX_DELIVERIES, DELIVERY_FIELDS, errors,
                (item, path) -> {
                    String campaignId = errors.id(item, "campaignId", path);
                    Instant deliveredAt = errors.instant(item, "deliveredAt", path, true);
                    return campaignId != null && deliveredAt != null && personId != null
                            ? new SponsoredDelivery(personId, campaignId, deliveredAt) : null;
                });
    }

    /**
     * The {@code recentDeliveries} array of {@code owner}: at most {@code max} objects of {@code shape}, each checked
     * for unknown fields and read by {@code item} (given the item and its path with a trailing dot; {@code null} when
     * a field was invalid, which {@code errors} then holds).
     */
    private static <T> List<T> deliveryArray(JsonNode owner, String prefix, String shape, int max,
                                             java.util.Set<String> fields, Fields errors,
                                             java.util.function.BiFunction<JsonNode, String, T> item) {
        List<T> read = new ArrayList<>();
        JsonNode array = owner.get("recentDeliveries");
        if (array == null || array.isNull()) {
            return read;
        }
        if (!array.isArray()) {
            errors.add(prefix + "recentDeliveries", "must be an array of " + shape + ", was " + RequestCodec.type(array));
        } else if (array.size() > max) {
            errors.add(prefix + "recentDeliveries", "must list at most " + max + " deliveries, listed " + array.size());
        } else {
            for (int i = 0; i < array.size(); i++) {
                String path = prefix + "recentDeliveries[" + i + "]";
                JsonNode node = array.get(i);
                if (!node.isObject()) {
                    errors.add(path, "must be an object " + shape + ", was " + RequestCodec.type(node));
                    continue;
                }
                errors.onlyKnown(node, path + ".", fields);
                T value = item.apply(node, path + ".");
                if (value != null) {
                    read.add(value);
                }
            }
        }
        return read;
    }



    /**
     * Writes the recipient's fields into the object being written.
     *
     * @param json      a generator inside an object
     * @param recipient the recipient
     * @throws IOException when the generator fails
     */
    public static void write(JsonGenerator json, Recipient recipient) throws IOException {
        json.writeObjectFieldStart("person");
        json.writeStringField("id", recipient.person().id());
        if (recipient.person().timeZone() != null) {
            json.writeStringField("timeZone", recipient.person().timeZone().getId());
        }
        if (!recipient.person().recentDeliveries().isEmpty()) {
            json.writeArrayFieldStart("recentDeliveries");
            for (PersonDelivery delivery : recipient.person().recentDeliveries()) {
                json.writeStartObject();
                json.writeStringField("businessId", delivery.businessId());
                json.writeStringField("campaignId", delivery.campaignId());
                json.writeStringField("deliveredAt", InstantText.of(delivery.deliveredAt()));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
        json.writeEndObject();
        Conversation thread = recipient.conversation();
        if (thread != null) {
            json.writeObjectFieldStart("thread");
            if (thread.lastPersonInteractionAt() != null) {
                json.writeStringField("lastPersonInteractionAt", InstantText.of(thread.lastPersonInteractionAt()));
            }
            json.writeEndObject();
        }
        json.writeArrayFieldStart("blocks");
        for (Block block : recipient.blocks()) {
            json.writeStartObject();
            json.writeStringField("kind", block.kind().name());
            if (block.since() != null) {
                json.writeStringField("since", InstantText.of(block.since()));
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (!recipient.recentDeliveries().isEmpty()) {
            json.writeArrayFieldStart("recentDeliveries");
            for (SponsoredDelivery delivery : recipient.recentDeliveries()) {
                json.writeStartObject();
                json.writeStringField("campaignId", delivery.campaignId());
                json.writeStringField("deliveredAt", InstantText.of(delivery.deliveredAt()));
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    /**
     * Gathers a recipient's fields from a streaming parser, in any order, among other fields of the same object;
     * trusts what it reads (it was written by {@link #write}).
     */
    public static final class Reader {
        private String personId;
        private ZoneId timeZone;
        private boolean thread;
        private Instant lastInteraction;
        private final List<BlockKind> blockKinds = new ArrayList<>(1);
        private final List<Instant> blockSince = new ArrayList<>(1);
        private final List<String> deliveredCampaigns = new ArrayList<>(0);
        private final List<Instant> deliveredAt = new ArrayList<>(0);
        private final List<PersonDelivery> personDeliveries = new ArrayList<>(0);

        private static PersonDelivery personDelivery(JsonParser p) throws IOException {
            String[] text = new String[2];
            Instant[] at = new Instant[1];
            Streaming.fields(p, (f, q) -> switch (f) {
                case "businessId" -> {
                    text[0] = q.getText();
                    yield true;
                }
                case "campaignId" -> {
                    text[1] = q.getText();
                    yield true;
                }
                case "deliveredAt" -> {
                    at[0] = Streaming.instant(q);
                    yield true;
                }
                default -> false;
            });
            return new PersonDelivery(text[0], text[1], at[0]);
        }

        /**
         * Reads the value of {@code field} when it is a recipient field.
         *
         * @param field the field's name; the parser is on its value
         * @param p     the parser
         * @return true when the field was a recipient field and its value was read
         * @throws IOException when the parser fails
         */
        public boolean field(String field, JsonParser p) throws IOException {
            switch (field) {
                case "person" -> Streaming.fields(p, (f, q) -> switch (f) {
                    case "id" -> {
                        personId = q.getText();
                        yield true;
                    }
                    case "timeZone" -> {
                        timeZone = q.currentToken() == JsonToken.VALUE_NULL ? null : ZoneId.of(q.getText());
                        yield true;
                    }
                    case "recentDeliveries" -> {
                        Streaming.objects(q, r -> personDeliveries.add(personDelivery(r)));
                        yield true;
                    }
                    default -> false;
                });
                case "thread" -> {
                    thread = true;
                    Streaming.fields(p, (f, q) -> {
                        if (!f.equals("lastPersonInteractionAt")) {
                            return false;
                        }
                        lastInteraction = Streaming.instant(q);
                        return true;
                    });
                }
                case "blocks" -> Streaming.objects(p, q -> {
                    int i = blockKinds.size();
                    blockKinds.add(null);
                    blockSince.add(null);
                    Streaming.fields(q, (f, r) -> switch (f) {
                        case "kind" -> {
                            blockKinds.set(i, BlockKind.valueOf(r.getText()));
                            yield true;
                        }
                        case "since" -> {
                            blockSince.set(i, Streaming.instant(r));
                            yield true;
                        }
                        default -> false;
                    });
                });
                case "recentDeliveries" -> Streaming.objects(p, q -> {
                    int i = deliveredCampaigns.size();
                    deliveredCampaigns.add(null);
                    deliveredAt.add(null);
                    Streaming.fields(q, (f, r) -> switch (f) {
                        case "campaignId" -> {
                            deliveredCampaigns.set(i, r.getText());
                            yield true;
                        }
                        case "deliveredAt" -> {
                            deliveredAt.set(i, Streaming.instant(r));
                            yield true;
                        }
                        default -> false;
                    });
                });
                default -> {
                    return false;
                }
            }
            return true;
        }

        /**
         * The person's id, once read.
         *
         * @return the id, or {@code null} when no person was read
         */
        public String personId() {
            return personId;
        }

        /**
         * The recipient read, with its thread and blocks with {@code businessId}.
         *
         * @param businessId the business of the request
         * @return the recipient
         */
        public Recipient recipient(String businessId) {
            List<Block> blocks = new ArrayList<>(blockKinds.size());
            for (int i = 0; i < blockKinds.size(); i++) {
                blocks.add(new Block(personId, businessId, blockKinds.get(i), blockSince.get(i)));
            }
            List<SponsoredDelivery> deliveries = new ArrayList<>(deliveredAt.size());
            for (int i = 0; i < deliveredAt.size(); i++) {
                deliveries.add(new SponsoredDelivery(personId, deliveredCampaigns.get(i), deliveredAt.get(i)));
            }
            return new Recipient(new Person(personId, timeZone, personDeliveries),
                    thread ? new Conversation(businessId, personId, lastInteraction) : null, blocks, deliveries);
        }

    }

}
