package org.threadgate.service.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.threadgate.model.Block;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Recipient;

/** Model requests written as the HTTP bodies, for tests that compare the API with the engine or the reference. */
public final class RequestBodies {
    private RequestBodies() {
    }

    public static Map<String, Object> campaign(CampaignRequest c) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("at", c.at().toString());
        body.put("business", Map.of("id", c.business().id(), "sponsoredMessagesEnabled",
                c.business().sponsoredMessagesEnabled()));
        body.put("campaign", Map.of("id", c.campaign().id(), "objective", c.campaign().objective().name(),
                "audienceSize", c.campaign().audienceSize()));
        return body;
    }

    public static Map<String, Object> recipient(Recipient r) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("person", Map.of("id", r.person().id()));
        if (r.conversation() != null) {
            Map<String, Object> thread = new LinkedHashMap<>();
            if (r.conversation().lastPersonInteractionAt() != null) {
                thread.put("lastPersonInteractionAt", r.conversation().lastPersonInteractionAt().toString());
            }
            body.put("thread", thread);
        }
        List<Map<String, Object>> blocks = new ArrayList<>();
        for (Block b : r.blocks()) {
            Map<String, Object> block = new LinkedHashMap<>();
            block.put("kind", b.kind().name());
            if (b.since() != null) {
                block.put("since", b.since().toString());
            }
            blocks.add(block);
        }
        body.put("blocks", blocks);
        return body;
    }

    public static Map<String, Object> delivery(CampaignRequest c, Recipient r) {
        Map<String, Object> body = campaign(c);
        body.putAll(recipient(r));
        return body;
    }
}
