package org.threadgate.service.json;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.threadgate.model.Block;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;

/**
 * Requests written back as the JSON a client sends with the facts inline: the form {@link RequestReader} reads, so
 * that a written request is read into an equal one (the decision log keeps the facts a decision saw this way).
 */
public final class RequestJson {
    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private RequestJson() {
    }

    public static ObjectNode campaign(CampaignRequest request) {
        ObjectNode root = NODES.objectNode();
        root.put("at", request.at().toString());
        ObjectNode business = root.putObject("business");
        business.put("id", request.business().id());
        business.put("sponsoredMessagesEnabled", request.business().sponsoredMessagesEnabled());
        ObjectNode campaign = root.putObject("campaign");
        campaign.put("id", request.campaign().id());
        campaign.put("objective", request.campaign().objective().name());
        campaign.put("audienceSize", request.campaign().audienceSize());
        return root;
    }

    public static ObjectNode delivery(DeliveryRequest request) {
        ObjectNode root = campaign(request.campaign());
        root.putObject("person").put("id", request.recipient().person().id());
        Conversation thread = request.recipient().conversation();
        if (thread != null) {
            ObjectNode node = root.putObject("thread");
            if (thread.lastPersonInteractionAt() != null) {
                node.put("lastPersonInteractionAt", thread.lastPersonInteractionAt().toString());
            }
        }
        ArrayNode blocks = root.putArray("blocks");
        for (Block block : request.recipient().blocks()) {
            ObjectNode node = blocks.addObject();
            node.put("kind", block.kind().name());
            if (block.since() != null) {
                node.put("since", block.since().toString());
            }
        }
        return root;
    }
}
