package org.threadgate.facade.ledger;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import org.threadgate.model.InstantText;
import org.threadgate.model.SponsoredDelivery;

/**
 * How a thread's delivery history is stored in the ledger's {@code threads.deliveries} column: "deliveredAt campaignId"
 * pairs, comma-separated, newest first (ids hold neither a space nor a comma). One place for every writer of the
 * ledger's tables: the service's JDBC ledger and the Flink job's sink.
 */
public final class DeliveryColumn {
    private DeliveryColumn() {
    }

    /**
     * The column's text for a history.
     *
     * @param deliveries the history, newest first
     * @return the text, or {@code null} for none
     */
    public static String write(List<SponsoredDelivery> deliveries) {
        if (deliveries.isEmpty()) {
            return null;
        }
        StringBuilder text = new StringBuilder();
        for (SponsoredDelivery d : deliveries) {
            if (text.length() > 0) {
                text.append(',');
            }
            text.append(InstantText.of(d.deliveredAt())).append(' ').append(d.campaignId());
        }
        return text.toString();
    }

    /**
     * The history the column's text holds.
     *
     * @param personId the thread's person
     * @param text     the column's text, or {@code null}
     * @return the deliveries, in the stored order
     */
    public static List<SponsoredDelivery> read(String personId, String text) {
        if (text == null || text.isEmpty()) {
            return List.of();
        }
        List<SponsoredDelivery> all = new ArrayList<>();
        for (String pair : text.split(",")) {
            int space = pair.indexOf(' ');
            all.add(new SponsoredDelivery(personId, pair.substring(space + 1),
                    InstantText.parse(pair.subSequence(0, space))));
        }
        return all;
    }
}
