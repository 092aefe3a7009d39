package org.threadgate.server.http;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.threadgate.facade.json.Json;

/** Request bodies for tests, built from a deliverable one so each test changes only what it is about. */
final class Requests {
    private final Map<String, Object> business = new LinkedHashMap<>(Map.of("id", "acme",
            "sponsoredMessagesEnabled", true));
    private final Map<String, Object> campaign = new LinkedHashMap<>(Map.of("id", "spring", "objective", "MESSAGES",
            "audienceSize", 2500));
    private String at = "2026-03-10T12:00:00Z";
    private String person = "p-1";
    private Object thread = Map.of("lastPersonInteractionAt", "2026-03-08T12:00:00Z");
    private final List<Map<String, Object>> blocks = new ArrayList<>();

    static Requests deliverable() {
        return new Requests();
    }

    Requests at(String value) {
        at = value;
        return this;
    }

    Requests enabled(boolean value) {
        business.put("sponsoredMessagesEnabled", value);
        return this;
    }

    Requests objective(String value) {
        campaign.put("objective", value);
        return this;
    }

    Requests audience(int value) {
        campaign.put("audienceSize", value);
        return this;
    }

    Requests person(String id) {
        person = id;
        return this;
    }

    Requests lastInteraction(String value) {
        Map<String, Object> t = new LinkedHashMap<>();
        t.put("lastPersonInteractionAt", value);
        thread = t;
        return this;
    }

    Requests threadStartedByBusiness() {
        thread = Map.of();
        return this;
    }

    Requests noThread() {
        thread = null;
        return this;
    }

    Requests block(String kind) {
        blocks.add(Map.of("kind", kind, "since", "2026-01-01T00:00:00Z"));
        return this;
    }

    Map<String, Object> campaignBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        if (at != null) {
            body.put("at", at);
        }
        body.put("business", business);
        body.put("campaign", campaign);
        return body;
    }

    Map<String, Object> recipientBody() {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("person", Map.of("id", person));
        if (thread != null) {
            body.put("thread", thread);
        }
        body.put("blocks", List.copyOf(blocks));
        return body;
    }

    String delivery() {
        Map<String, Object> body = campaignBody();
        body.putAll(recipientBody());
        return Json.write(body);
    }

    String campaign() {
        return Json.write(campaignBody());
    }
}
