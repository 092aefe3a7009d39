package org.threadgate.bench;

import java.nio.file.Files;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.function.Supplier;

import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decision.AudienceRun;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.decisionlog.DecisionQuery;
import org.threadgate.facade.decisionlog.Logged;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;

/**
 * The decision log's reads over a large log: {@code count} real decisions (audience streams of 1,000 campaigns, one
 * decision in ten a single decision) written as the log writes them, 1,000 at a time, into the default H2 file or a
 * fresh PostgreSQL database; then each read the API makes, timed 20 times after 5 untimed: one record by id (present
 * and absent), a person's records (present and absent), a campaign's newest page, and a campaign's summary. Usage:
 * {@code Measure decision-log-reads [count] [h2|pg]}.
 */
final class DecisionLogReads {
    private DecisionLogReads() {
    }

    static void run(long count, String kind) throws Exception {
        try (Store store = Store.open(kind);
             Database database = kind.equals("h2") ? Database.h2File(Files.createTempDirectory("threadgate-reads"))
                     : Database.jdbc(store.args()[1], "postgres", "");
             DeliveryPolicyService service = DeliveryPolicyService.bundled()) {
            JdbcDecisionStore log = new JdbcDecisionStore(database.dataSource(), database.description());
            List<Logged> pending = new ArrayList<>(1_000);
            Instant now = Instant.now();
            List<String> someIds = new ArrayList<>();
            long[] written = new long[1];
            service.observe(decided -> {
                pending.add(Logged.prepared(decided, now.plusNanos(written[0] * 1_000 + pending.size() * 1_000L)));
                if (pending.size() == 1_000) {
                    flush(log, pending, someIds, written);
                }
            });
            CampaignRequest base = Measure.goodCampaign();
            Random random = new Random(11);
            int campaigns = 1_000;
            long perCampaign = count / campaigns;
            long start = System.nanoTime();
            for (int c = 0; c < campaigns; c++) {
                CampaignRequest campaign = new CampaignRequest(base.at(), base.business(), new Campaign("campaign-" + c,
                        base.business().id(), base.campaign().objective(), 500));
                try (AudienceRun run = service.audience(campaign, Origin.of(Origin.Via.JAVA, Origin.Form.AUDIENCE)
                        .inBatch("stream-" + c))) {
                    run.decide(Measure.generated(campaign.business().id(), perCampaign * 9 / 10), d -> { });
                }
                for (long i = 0; i < perCampaign / 10; i++) {
                    Recipient recipient = BenchInputs.recipient(random, campaign.business().id(), "single-" + c + "-" + i);
                    service.decide(new DeliveryRequest(campaign, recipient), Origin.JAVA);
                }
            }
            if (!pending.isEmpty()) {
                flush(log, pending, someIds, written);
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            System.out.printf(Locale.ROOT, "decision log reads on %s: %,d records decided and written in %.0f s"
                    + " (%,.0f/s)%n", store.name(), written[0], seconds, written[0] / seconds);
            long settle = Long.getLong("threadgate.settle", 0); // -Dthreadgate.settle=MS: wait before reading
            if (settle > 0) {
                Thread.sleep(settle);
            }
            String id = someIds.get(someIds.size() / 2);
            String person = "person-" + (perCampaign / 3);
            time("find by id (present)", () -> log.find(id).orElseThrow());
            time("find by id (absent)", () -> log.find("00000000-0000-7000-8000-000000000001").isEmpty());
            time("list by person (present, 1,000 campaigns hold them)", () -> log.list(new DecisionQuery(person, null,
                    null, null, null, null, null, null, 100)).records().size());
            time("list by person (absent)", () -> log.list(new DecisionQuery("nobody-at-all", null, null, null, null,
                    null, null, null, 100)).records().size());
            time("list by campaign (newest 100)", () -> log.list(new DecisionQuery(null, null, "campaign-500", null,
                    null, null, null, null, 100)).records().size());
            time("summary of a campaign", () -> log.summary("campaign-500", null, null).decisions());
            time("summary of a campaign, one hour", () -> log.summary("campaign-500", now.minusSeconds(1800),
                    now.plusSeconds(1800)).decisions());
        }
    }

    private static void flush(JdbcDecisionStore log, List<Logged> pending, List<String> someIds, long[] written) {
        try {
            log.writeDecisions(pending);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        written[0] += pending.size();
        if (someIds.size() < 1_000) {
            someIds.add(pending.get(0).line().decisionId());
        }
        pending.clear();
    }

    private static void time(String what, Supplier<Object> read) {
        Object answer = null;
        for (int i = 0; i < 5; i++) {
            answer = read.get();
        }
        long[] nanos = new long[20];
        for (int i = 0; i < nanos.length; i++) {
            long start = System.nanoTime();
            answer = read.get();
            nanos[i] = System.nanoTime() - start;
        }
        int slowest = 0;
        for (int i = 1; i < nanos.length; i++) {
            slowest = nanos[i] > nanos[slowest] ? i : slowest;
        }
        Arrays.sort(nanos);
        System.out.printf(Locale.ROOT, "  %-52s median %7.1f ms, max %7.1f ms (timed read %d of %d; answer: %s)%n",
                what, nanos[nanos.length / 2] / 1e6, nanos[nanos.length - 1] / 1e6, slowest + 1, nanos.length,
                answer instanceof String s ? s.length() + " chars" : answer);
    }
}
