package org.threadgate.storage.jdbc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;

import org.junit.jupiter.api.Test;
import org.threadgate.facade.ledger.Events;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.facade.ledger.LedgerFacts;
import org.threadgate.facade.ledger.UnknownRecordException;
import org.threadgate.model.Business;
import org.threadgate.model.EventType;
import org.threadgate.model.Objective;

/** Decisions by reference: what is kept of a campaign, for how long, and what is never kept. */
class LedgerFactsTest {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    @Test
    void keptCampaignFacts_areReusedUntilForgotten_butTheThreadIsAlwaysReadAfresh() {
        try (Database db = Database.h2Memory("facts-" + java.util.UUID.randomUUID())) {
            Ledger ledger = new JdbcLedger(db.dataSource(), Clock.systemUTC());
            ledger.putBusiness(new Business("acme", true));
            ledger.putCampaign(new Ledger.CampaignRecord("c1", "acme", Objective.MESSAGES));
            ledger.ingest(List.of(Events.event("e1", EventType.PERSON_MESSAGE, "acme", "p", 1)));
            LedgerFacts facts = new LedgerFacts(ledger, Duration.ofHours(1));
            assertThat(facts.delivery("c1", "p", AT).campaign().business().sponsoredMessagesEnabled()).isTrue();

            // changed behind its back (another instance): the kept facts stand until forgotten or stale
            ledger.putBusiness(new Business("acme", false));
            // a block is a thread fact: seen at once
            ledger.ingest(List.of(Events.event("e2", EventType.BLOCK, "acme", "p", 2)));
            assertThat(facts.delivery("c1", "p", AT).campaign().business().sponsoredMessagesEnabled()).isTrue();
            assertThat(facts.delivery("c1", "p", AT).recipient().blocks()).isNotEmpty();

            facts.forgetBusiness("acme");
            assertThat(facts.delivery("c1", "p", AT).campaign().business().sponsoredMessagesEnabled()).isFalse();
        }
    }

    @Test
    void withoutStaleness_everyDecisionReadsTheLedger_andUnknownsAreNamed() {
        try (Database db = Database.h2Memory("facts-" + java.util.UUID.randomUUID())) {
            Ledger ledger = new JdbcLedger(db.dataSource(), Clock.systemUTC());
            LedgerFacts facts = new LedgerFacts(ledger);
            assertThatThrownBy(() -> facts.campaign("nope", AT)).isInstanceOf(UnknownRecordException.class)
                    .hasMessageContaining("campaign 'nope'");
            ledger.putCampaign(new Ledger.CampaignRecord("c1", "acme", Objective.MESSAGES));
            assertThatThrownBy(() -> facts.delivery("c1", "p", AT)).isInstanceOf(UnknownRecordException.class)
                    .hasMessageContaining("business 'acme'");
            ledger.putBusiness(new Business("acme", true));
            assertThat(facts.campaign("c1", AT).campaign().audienceSize()).isZero();
            ledger.ingest(List.of(Events.event("e1", EventType.PERSON_MESSAGE, "acme", "p", 1)));
            assertThat(facts.campaign("c1", AT).campaign().audienceSize()).isEqualTo(1);
        }
    }
}
