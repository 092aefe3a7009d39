package org.threadgate.server.http;

import java.util.LinkedHashMap;
import java.util.Map;

import org.threadgate.facade.json.Json;
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

    /** The recipient's fields as the decision log writes them (and as RequestCodec reads them). */
    @SuppressWarnings("unchecked")
    public static Map<String, Object> recipient(Recipient r) {
        try {
            java.io.StringWriter text = new java.io.StringWriter();
            try (com.fasterxml.jackson.core.JsonGenerator json = Json.MAPPER.getFactory().createGenerator(text)) {
                json.writeStartObject();
                org.threadgate.facade.json.RecipientCodec.write(json, r);
                json.writeEndObject();
            }
            return Json.MAPPER.readValue(text.toString(), LinkedHashMap.class);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    public static Map<String, Object> delivery(CampaignRequest c, Recipient r) {
        Map<String, Object> body = campaign(c);
        body.putAll(recipient(r));
        return body;
    }
}
