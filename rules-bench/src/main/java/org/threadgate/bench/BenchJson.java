package org.threadgate.bench;

import org.threadgate.model.Block;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;

/** Request bodies for the HTTP measurements, written by hand so that building them costs nothing measurable. */
final class BenchJson {
    private BenchJson() {
    }

    static String campaign(CampaignRequest c) {
        return "{\"at\":\"" + c.at() + "\",\"business\":{\"id\":\"" + c.business().id()
                + "\",\"sponsoredMessagesEnabled\":" + c.business().sponsoredMessagesEnabled() + "},\"campaign\":{\"id\":\""
                + c.campaign().id() + "\",\"objective\":\"" + c.campaign().objective() + "\",\"audienceSize\":"
                + c.campaign().audienceSize() + "}}";
    }

    static String recipient(Recipient r) {
        StringBuilder s = new StringBuilder(160).append("{\"person\":{\"id\":\"").append(r.person().id())
                .append("\"}");
        if (r.conversation() != null) {
            s.append(",\"thread\":{");
            if (r.conversation().lastPersonInteractionAt() != null) {
                s.append("\"lastPersonInteractionAt\":\"").append(r.conversation().lastPersonInteractionAt())
                        .append('"');
            }
            s.append('}');
        }
        if (!r.blocks().isEmpty()) {
            s.append(",\"blocks\":[");
            for (int i = 0; i < r.blocks().size(); i++) {
                Block b = r.blocks().get(i);
                s.append(i == 0 ? "" : ",").append("{\"kind\":\"").append(b.kind()).append("\"}");
            }
            s.append(']');
        }
        return s.append('}').toString();
    }

    static String delivery(DeliveryRequest request) {
        String campaign = campaign(request.campaign());
        String recipient = recipient(request.recipient());
        return campaign.substring(0, campaign.length() - 1) + "," + recipient.substring(1);
    }
}
