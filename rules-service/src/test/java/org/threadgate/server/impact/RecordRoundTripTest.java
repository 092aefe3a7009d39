package org.threadgate.server.impact;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.BundledPolicies;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.decisionlog.RecordReader;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.model.SponsoredDelivery;

/** A decision-log record carries every fact of its request, so that replay decides on exactly what was decided. */
class RecordRoundTripTest {
    @Test
    void aDeliveryWithTimeZoneAndHistory_readsBackToTheSameRequestAndVerdict() throws Exception {
        Instant at = Instant.parse("2026-03-10T20:30:00Z");
        DeliveryRequest request = new DeliveryRequest(new CampaignRequest(at, new Business("acme", true),
                new Campaign("spring", "acme", Objective.MESSAGES, 2500)), new Recipient(
                new Person("p-1", ZoneId.of("Europe/Paris")), new Conversation("acme", "p-1",
                Instant.parse("2026-03-01T09:00:00Z")), List.of(new Block("p-1", "acme",
                BlockKind.MESSAGES_TURNED_OFF, null)), List.of(
                new SponsoredDelivery("p-1", "spring", Instant.parse("2026-02-01T10:00:00Z")),
                new SponsoredDelivery("p-1", "winter", Instant.parse("2026-03-09T10:00:00Z")))));
        PolicySet policies = BundledPolicies.get();
        DeliveryDecision decision = policies.decideDelivery(request);
        assertThat(decision.reasons()).extracting(r -> r.code()).containsExactly("CAMPAIGN_ALREADY_DELIVERED",
                "FREQUENCY_CAP_REACHED", "MESSAGES_TURNED_OFF", "QUIET_HOURS");

        LogRecord record = LogRecord.of(new Decided.Delivery("d-1", Origin.JAVA, request, decision, 0), at);
        RecordReader.Replayable read = RecordReader.read(record.json());

        assertThat(read.delivery()).isEqualTo(request);
        assertThat(policies.decideDelivery(read.delivery())).isEqualTo(decision);
    }
}
