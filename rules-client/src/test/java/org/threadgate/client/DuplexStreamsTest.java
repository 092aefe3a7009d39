package org.threadgate.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NoSuchElementException;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.threadgate.client.ProblemException.InvalidRequestException;
import org.threadgate.client.ProblemException.NotFoundException;
import org.threadgate.client.model.BatchDecision;
import org.threadgate.client.model.Block;
import org.threadgate.client.model.CampaignRequest;
import org.threadgate.client.model.Person;
import org.threadgate.client.model.Recipient;
import org.threadgate.client.model.SummaryLine;

/** The full-duplex helper for the streamed forms, against the real service on an ephemeral port. */
class DuplexStreamsTest {
    /**
     * About 20 MB each way: far more than the two directions' socket buffers hold, so a client that writes the whole
     * request before reading the answer would wait forever on a server that waits for it to read.
     */
    private static final int LARGE = 200_000;
    private static final OffsetDateTime AT = OffsetDateTime.parse("2026-03-10T12:00:00Z");

    @RegisterExtension
    static final ServiceUnderTest SERVICE = new ServiceUnderTest((dir, config) -> config.decisionLog.where = "off");

    private static CampaignRequest header() {
        return new CampaignRequest().at(AT).business(GeneratedClientTest.acme()).campaign(GeneratedClientTest.sale(2500));
    }

    /** Recipient {@code i}: deliverable, never opened, within the window or blocked, in turn. */
    private static Recipient recipient(int i) {
        Recipient r = new Recipient().person(new Person().id("p-" + i));
        return switch (i % 4) {
            case 0 -> r.thread(GeneratedClientTest.lastTouched("2026-03-01T09:00:00Z"));
            case 1 -> r;
            case 2 -> r.thread(GeneratedClientTest.lastTouched("2026-03-10T11:00:00Z"));
            default -> r.thread(GeneratedClientTest.lastTouched("2026-03-01T09:00:00Z"))
                    .blocks(List.of(new Block().kind(Block.KindEnum.BLOCKED_BUSINESS)));
        };
    }

    /** Counts what the writer thread has taken, so the test can see that answers arrived while it still wrote. */
    private static final class Counted implements Iterator<Recipient> {
        final AtomicInteger taken = new AtomicInteger();
        private final int count;

        Counted(int count) {
            this.count = count;
        }

        @Override
        public boolean hasNext() {
            return taken.get() < count;
        }

        @Override
        public Recipient next() {
            if (!hasNext()) {
                throw new NoSuchElementException();
            }
            return recipient(taken.getAndIncrement());
        }
    }

    @Test
    void largeStreamedBatch_isAnsweredInOrderWhileStillBeingSent() {
        Counted recipients = new Counted(LARGE);
        AtomicInteger received = new AtomicInteger();
        int[] takenAtFirstAnswer = {-1};
        String[] expectedCodes = {null, "NO_OPEN_THREAD", "WITHIN_SUPPRESSION_WINDOW", "BLOCKED_BUSINESS"};

        SummaryLine summary = SERVICE.client().streams().decideBatch(header(), recipients, decision -> {
            int i = received.getAndIncrement();
            if (i == 0) {
                takenAtFirstAnswer[0] = recipients.taken.get();
            }
            assertThat(decision.getPersonId()).isEqualTo("p-" + i);
            if (i % 4 == 0) {
                assertThat(decision.getOutcome()).isEqualTo(BatchDecision.OutcomeEnum.DELIVER);
                assertThat(decision.getReasons()).isEmpty();
            } else {
                assertThat(decision.getOutcome()).isEqualTo(BatchDecision.OutcomeEnum.SUPPRESS);
                assertThat(decision.getReasons()).extracting(r -> r.getCode()).containsExactly(expectedCodes[i % 4]);
            }
        });

        assertThat(received.get()).isEqualTo(LARGE);
        assertThat(takenAtFirstAnswer[0]).as("recipients sent when the first answer arrived").isLessThan(LARGE);
        assertThat(summary.getPolicyVersion()).isEqualTo(SERVICE.server().service().policies().version());
        assertThat(summary.getSummary().getDeliver()).isEqualTo(LARGE / 4);
        assertThat(summary.getSummary().getSuppress()).isEqualTo(3 * LARGE / 4);
        assertThat(summary.getSummary().getByReason()).containsExactlyInAnyOrderEntriesOf(Map.of(
                "NO_OPEN_THREAD", LARGE / 4, "WITHIN_SUPPRESSION_WINDOW", LARGE / 4, "BLOCKED_BUSINESS", LARGE / 4));
    }

    @Test
    void badLineMidStream_endsItWithAProblemNamingTheLine_afterTheLinesBefore() {
        List<BatchDecision> before = new ArrayList<>();
        Iterator<Recipient> recipients = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return i < 10;
            }

            @Override
            public Recipient next() {
                int n = i++;
                // line 1 is the header, so recipient 4 is line 6; an id with a space in it is invalid
                return n == 4 ? new Recipient().person(new Person().id("has space")) : recipient(n);
            }
        };

        assertThatThrownBy(() -> SERVICE.client().streams().decideBatch(header(), recipients, before::add))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> {
                    ProblemException p = (ProblemException) e;
                    assertThat(p.line()).contains(6);
                    assertThat(p.errors()).anySatisfy(f -> assertThat(f.getField()).isEqualTo("person.id"));
                });
        assertThat(before).extracting(BatchDecision::getPersonId).containsExactly("p-0", "p-1", "p-2", "p-3");
    }

    @Test
    void refusedHeader_isAProblemBeforeAnyDecision() {
        List<BatchDecision> decisions = new ArrayList<>();
        CampaignRequest noBusiness = new CampaignRequest().at(AT).campaign(GeneratedClientTest.sale(2500));

        assertThatThrownBy(() -> SERVICE.client().streams().decideBatch(noBusiness, new Counted(LARGE), decisions::add))
                .isInstanceOf(InvalidRequestException.class)
                .satisfies(e -> assertThat(((ProblemException) e).errors())
                        .anySatisfy(f -> assertThat(f.getField()).isEqualTo("business")));
        assertThat(decisions).isEmpty();
    }

    @Test
    void failingRecipientSource_failsTheCallWithItsOwnException() {
        Iterator<Recipient> failing = new Iterator<>() {
            int i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public Recipient next() {
                if (i == 50_000) {
                    throw new IllegalStateException("the audience source broke");
                }
                return recipient(i++);
            }
        };

        assertThatThrownBy(() -> SERVICE.client().streams().decideBatch(header(), failing, d -> { }))
                .isInstanceOf(IllegalStateException.class)
                .hasMessage("the audience source broke");
    }

    @Test
    void audienceOfAnUnknownCampaign_isNotFound() {
        assertThatThrownBy(() -> SERVICE.client().streams().decideAudience("no-such-campaign", null, d -> { }))
                .isInstanceOf(NotFoundException.class)
                .satisfies(e -> assertThat(((ProblemException) e).code()).isEqualTo("UNKNOWN_CAMPAIGN"));
    }
}
