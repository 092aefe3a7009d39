package org.threadgate.facade.json;

import java.io.IOException;
import java.time.Instant;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Conversation;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.model.SponsoredDelivery;

/**
 * A recipient's facts as the API's JSON carries them ({@code person}, {@code thread}, {@code blocks},
 * {@code recentDeliveries}), written and read back without a tree: the decision log writes each request with it and
 * replay reads it back. {@link RequestReader} reads the same fields from callers, checking every one. A new
 * per-recipient fact is added here and there.
 */
public final class RecipientJson {
    private RecipientJson() {
    }

    /**
     * Writes the recipient's fields into the object being written.
     *
     * @param json      a generator inside an object
     * @param recipient the recipient
     * @throws IOException when the generator fails
     */
    public static void writeFields(JsonGenerator json, Recipient recipient) throws IOException {
        json.writeObjectFieldStart("person");
        json.writeStringField("id", recipient.person().id());
        if (recipient.person().timeZone() != null) {
            json.writeStringField("timeZone", recipient.person().timeZone().getId());
        }
        json.writeEndObject();
        Conversation thread = recipient.conversation();
        if (thread != null) {
            json.writeObjectFieldStart("thread");
            if (thread.lastPersonInteractionAt() != null) {
                json.writeStringField("lastPersonInteractionAt", thread.lastPersonInteractionAt().toString());
            }
            json.writeEndObject();
        }
        json.writeArrayFieldStart("blocks");
        for (Block block : recipient.blocks()) {
            json.writeStartObject();
            json.writeStringField("kind", block.kind().name());
            if (block.since() != null) {
                json.writeStringField("since", block.since().toString());
            }
            json.writeEndObject();
        }
        json.writeEndArray();
        if (!recipient.recentDeliveries().isEmpty()) {
            json.writeArrayFieldStart("recentDeliveries");
            for (SponsoredDelivery delivery : recipient.recentDeliveries()) {
                json.writeStartObject();
                json.writeStringField("campaignId", delivery.campaignId());
                json.writeStringField("deliveredAt", delivery.deliveredAt().toString());
                json.writeEndObject();
            }
            json.writeEndArray();
        }
    }

    /**
     * Gathers a recipient's fields from a streaming parser, in any order, among other fields of the same object;
     * trusts what it reads (it was written by {@link #writeFields}).
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
                case "person" -> {
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("id")) {
                            personId = p.getText();
                        } else if (f.equals("timeZone") && p.currentToken() != JsonToken.VALUE_NULL) {
                            timeZone = ZoneId.of(p.getText());
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case "thread" -> {
                    thread = true;
                    while (p.nextToken() == JsonToken.FIELD_NAME) {
                        String f = p.currentName();
                        p.nextToken();
                        if (f.equals("lastPersonInteractionAt")) {
                            lastInteraction = instant(p);
                        } else {
                            p.skipChildren();
                        }
                    }
                }
                case "blocks" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        BlockKind kind = null;
                        Instant since = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("kind")) {
                                kind = BlockKind.valueOf(p.getText());
                            } else if (f.equals("since")) {
                                since = instant(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                        blockKinds.add(kind);
                        blockSince.add(since);
                    }
                }
                case "recentDeliveries" -> {
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        String campaign = null;
                        Instant when = null;
                        while (p.nextToken() == JsonToken.FIELD_NAME) {
                            String f = p.currentName();
                            p.nextToken();
                            if (f.equals("campaignId")) {
                                campaign = p.getText();
                            } else if (f.equals("deliveredAt")) {
                                when = instant(p);
                            } else {
                                p.skipChildren();
                            }
                        }
                        deliveredCampaigns.add(campaign);
                        deliveredAt.add(when);
                    }
                }
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
            return new Recipient(new Person(personId, timeZone),
                    thread ? new Conversation(businessId, personId, lastInteraction) : null, blocks, deliveries);
        }

        private static Instant instant(JsonParser p) throws IOException {
            return p.currentToken() == JsonToken.VALUE_NULL ? null : Timestamps.parse(p.getText());
        }
    }
}
