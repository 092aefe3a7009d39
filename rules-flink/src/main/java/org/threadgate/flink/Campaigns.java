package org.threadgate.flink;

import java.time.Instant;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Objective;

/** The campaign-level facts of an audience job, as the batch header JSON ({@code {at, business, campaign}}). */
final class Campaigns {
    private Campaigns() {
    }

    static String toJson(CampaignRequest request) {
        return Json.write(java.util.Map.of("at", request.at().toString(),
                "business", java.util.Map.of("id", request.business().id(),
                        "sponsoredMessagesEnabled", request.business().sponsoredMessagesEnabled()),
                "campaign", java.util.Map.of("id", request.campaign().id(),
                        "objective", request.campaign().objective().name(),
                        "audienceSize", request.campaign().audienceSize())));
    }

    static CampaignRequest fromJson(String json) {
        JsonNode node = Json.parseObject(json);
        return RequestCodec.campaign(node, Instant.EPOCH);
    }

    static CampaignRequest of(Instant at, String businessId, boolean enabled, String campaignId, Objective objective,
                              int audienceSize) {
        return new CampaignRequest(at, new Business(businessId, enabled),
                new Campaign(campaignId, businessId, objective, audienceSize));
    }
}
