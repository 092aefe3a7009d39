package org.threadgate.facade.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.engine.RuleInfo;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.model.DeliveryRequest;

/** Policy analysis over sets written for it, decided by the real engine. */
class PolicyAnalysisTest {
    private static final String CAMPAIGN_RULES = """
            package org.threadgate.policies.campaign

            import org.threadgate.model.CampaignRequest
            import org.threadgate.model.Objective
            import org.threadgate.model.Settings
            import org.threadgate.model.Violation

            rule "advertiser-not-enabled"
                @code("ADVERTISER_NOT_ENABLED")
                @title("access")
                @message("no access")
            when
                CampaignRequest(business.sponsoredMessagesEnabled == false)
            then
                insert(Violation.campaignWide());
            end

            rule "audience-too-small"
                @code("AUDIENCE_TOO_SMALL")
                @title("size")
                @message("too small")
            when
                Settings($minimum : integer("minimumAudienceSize"))
                CampaignRequest(campaign.audienceSize < $minimum)
            then
                insert(Violation.campaignWide());
            end
            """;

    private static final String DEAD_RULE = """
            package org.threadgate.policies.dead

            import org.threadgate.model.CampaignRequest
            import org.threadgate.model.Violation

            rule "mid-sized-audience"
                @code("MID_SIZED_AUDIENCE")
                @title("a contradiction: below 10 and above 20 at once")
                @message("never")
            when
                CampaignRequest(campaign.audienceSize < 10, campaign.audienceSize > 20)
            then
                insert(Violation.campaignWide());
            end
            """;

    private static final String QUIET_SETTINGS = """
            quietHours:
              start: "21:00"
              end: "08:00"
              defaultZone: null
            """;

    /** Today's quiet hours: local time of day, half-open. */
    private static final String QUIET_BY_LOCAL_TIME = """
            package org.threadgate.policies.quiethours

            import org.threadgate.model.DeliveryRequest
            import org.threadgate.model.QuietHours
            import org.threadgate.model.Settings

            rule "quiet-hours"
                @code("QUIET_HOURS")
                @title("quiet")
                @message("quiet")
            when
                Settings($start : localTime("quietHours.start"), $end : localTime("quietHours.end"))
                DeliveryRequest(QuietHours.isQuiet(at, recipient.person.timeZone, $start, $end), $id : recipient.person.id,
                                $at : at, $zone : recipient.person.timeZone)
            then
                insert(QuietHours.violation($id, $at, $zone, $start, $end));
            end
            """;

    /**
     * The same quiet hours, counted as 11 hours of elapsed time from the start: the same on every ordinary night, an
     * hour different on a night whose clocks change.
     */
    private static final String QUIET_BY_ELAPSED_TIME = """
            package org.threadgate.policies.quiethours

            import java.time.Duration
            import java.time.Instant
            import java.time.LocalTime
            import java.time.ZoneId
            import java.time.ZonedDateTime
            import org.threadgate.model.DeliveryRequest
            import org.threadgate.model.QuietHours
            import org.threadgate.model.Settings

            function boolean quietFor11Hours(Instant at, ZoneId zone, LocalTime start) {
                if (zone == null) {
                    return false;
                }
                ZonedDateTime local = at.atZone(zone);
                ZonedDateTime began = ZonedDateTime.of(local.toLocalDate(), start, zone);
                if (began.toInstant().isAfter(at)) {
                    began = ZonedDateTime.of(local.toLocalDate().minusDays(1), start, zone);
                }
                return Duration.between(began.toInstant(), at).compareTo(Duration.ofHours(11)) < 0;
            }

            rule "quiet-hours"
                @code("QUIET_HOURS")
                @title("quiet")
                @message("quiet")
            when
                Settings($start : localTime("quietHours.start"), $end : localTime("quietHours.end"))
                DeliveryRequest(quietFor11Hours(at, recipient.person.timeZone, $start), $id : recipient.person.id,
                                $at : at, $zone : recipient.person.timeZone)
            then
                insert(QuietHours.violation($id, $at, $zone, $start, $end));
            end
            """;

    /** A rule that only ever fires with audience-too-small (below 50 is below 100), and one that rejects everything. */
    private static final String SHADOWED_AND_TOTAL = """
            package org.threadgate.policies.extra

            import org.threadgate.model.CampaignRequest
            import org.threadgate.model.Violation

            rule "tiny-audience"
                @code("TINY_AUDIENCE")
                @title("below 50")
                @message("tiny")
            when
                CampaignRequest(campaign.audienceSize < 50)
            then
                insert(Violation.campaignWide());
            end
            """;

    private static final String EVERYTHING_REJECTED = """
            package org.threadgate.policies.closed

            import org.threadgate.model.CampaignRequest
            import org.threadgate.model.Violation

            rule "closed"
                @code("CLOSED")
                @title("nothing runs")
                @message("closed")
            when
                CampaignRequest()
            then
                insert(Violation.campaignWide());
            end
            """;

    /** A person-level rule that reads the audience size: small audiences may not reach people without a thread. */
    private static final String PERSON_RULE_READS_AUDIENCE = """
            package org.threadgate.policies.openthread

            import org.threadgate.model.DeliveryRequest
            import org.threadgate.model.Violation

            rule "no-open-thread-small-audience"
                @code("NO_OPEN_THREAD")
                @title("thread")
                @message("no thread")
            when
                DeliveryRequest(recipient.lastInteractionAt == null, campaign.campaign.audienceSize < 101,
                                $id : recipient.person.id)
            then
                insert(Violation.forPerson($id, "personId", $id));
            end
            """;

    private static PolicySet compile(Map<String, String> rules, String settings) {
        Compilation compilation = new PolicyCompiler().compile(PolicySource.of("test", rules, settings));
        assertTrue(compilation.succeeded(), () -> compilation.problems().toString());
        return compilation.policySet();
    }

    @Test
    void aRuleWithAContradictoryConditionIsReportedDeadWithItsFileAndLine() {
        try (PolicySet set = compile(Map.of("campaign/campaign.drl", CAMPAIGN_RULES, "dead/dead.drl", DEAD_RULE),
                "minimumAudienceSize: 100\n")) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            List<RuleInfo> dead = analysis.findings().dead();
            assertEquals(1, dead.size(), () -> dead.toString());
            assertEquals("mid-sized-audience", dead.get(0).name());
            assertEquals("dead/dead.drl", dead.get(0).file());
            assertEquals(6, dead.get(0).line());
            assertFalse(analysis.clean());
            // the live rules are neither dead nor redundant: each is the only reason somewhere
            assertEquals(List.of(), analysis.findings().redundant());
            assertEquals(List.of(), analysis.findings().unreachable());
            assertTrue(analysis.json().path("deadRules").get(0).path("file").asText().equals("dead/dead.drl"));
        }
    }

    @Test
    void aRuleThatFiresOnlyWithAnotherIsRedundantForTheOutcome_andAnOutcomeNoSituationReachesIsNamed() {
        try (PolicySet set = compile(Map.of("campaign/campaign.drl", CAMPAIGN_RULES, "extra/extra.drl",
                SHADOWED_AND_TOTAL), "minimumAudienceSize: 100\n")) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            assertEquals(List.of(), analysis.findings().dead());
            List<PolicyAnalysis.Findings.Redundant> redundant = analysis.findings().redundant();
            assertEquals(1, redundant.size(), redundant::toString);
            assertEquals("tiny-audience", redundant.get(0).rule().name());
            assertEquals(List.of("audience-too-small"), redundant.get(0).alwaysWith());
            assertTrue(redundant.get(0).situations() > 0);
        }
        try (PolicySet set = compile(Map.of("campaign/campaign.drl", CAMPAIGN_RULES, "closed/closed.drl",
                EVERYTHING_REJECTED), "minimumAudienceSize: 100\n")) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            assertEquals(List.of("APPROVE", "DELIVER"), analysis.findings().unreachable());
            // every other rule comes with "closed", so none of them decides an outcome alone
            assertEquals(List.of("advertiser-not-enabled", "audience-too-small"), analysis.findings().redundant()
                    .stream().map(r -> r.rule().name()).toList());
        }
    }

    @Test
    void campaignsDecidedAlikeStandForEachOther_unlessAPersonLevelRuleReadsTheFieldThatTellsThemApart() {
        try (PolicySet set = compile(Map.of("campaign/campaign.drl", CAMPAIGN_RULES), "minimumAudienceSize: 100\n")) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            // sizes 100 and 101, access on, every objective: twelve approved campaign values per clock, one explored
            @SuppressWarnings("unchecked")
            int clocks = ((Map<String, Integer>) analysis.bounds().get("axisSizes")).get("clock");
            assertEquals((long) clocks, analysis.bounds().get("pairsExploredInFull"));
            assertEquals(11L * clocks, analysis.bounds().get("pairsRepresented"));
            assertEquals(List.of(), analysis.bounds().get("fieldsPersonRulesRead"));
        }
        try (PolicySet set = compile(Map.of("campaign/campaign.drl", CAMPAIGN_RULES, "openthread/openthread.drl",
                PERSON_RULE_READS_AUDIENCE), "minimumAudienceSize: 100\n")) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            @SuppressWarnings("unchecked")
            int clocks = ((Map<String, Integer>) analysis.bounds().get("axisSizes")).get("clock");
            assertEquals(List.of("audienceSize"), analysis.bounds().get("fieldsPersonRulesRead"));
            // the rule's constant 101 adds 100, 101 and 102: three approved sizes, now apart; the six objectives of
            // each size are still alike
            @SuppressWarnings("unchecked")
            List<String> sizes = ((Map<String, List<String>>) analysis.bounds().get("builtFrom")).get("audienceSizes");
            assertEquals(List.of("0", "99", "100", "101", "102"), sizes);
            // 101 is no small count, and this set has no cap: histories hold at most one delivery
            assertEquals(List.of("1"), ((Map<String, List<String>>) analysis.bounds().get("builtFrom"))
                    .get("deliveryCounts"));
            assertEquals(3L * clocks, analysis.bounds().get("pairsExploredInFull"));
            assertEquals(15L * clocks, analysis.bounds().get("pairsRepresented"));
            // the person rule fires at 100, not at 101: both sides were explored, so it is neither dead nor redundant
            assertEquals(List.of(), analysis.findings().dead());
            assertEquals(List.of(), analysis.findings().redundant());
        }
    }

    @Test
    void aSmallConstantARuleComparesACountWithLengthensTheHistories() {
        String fifth = """
                package org.threadgate.policies.fifth

                import org.threadgate.model.DeliveryRequest
                import org.threadgate.model.Violation

                rule "fifth-message"
                    @code("FIFTH_MESSAGE")
                    @title("at most four messages ever")
                    @message("five")
                when
                    DeliveryRequest(recipient.recentDeliveries.size() >= 5, $id : recipient.person.id)
                then
                    insert(Violation.forPerson($id, "personId", $id));
                end
                """;
        try (PolicySet set = compile(Map.of("fifth/fifth.drl", fifth), "minimumAudienceSize: 100\n")) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            @SuppressWarnings("unchecked")
            Map<String, List<String>> from = (Map<String, List<String>>) analysis.bounds().get("builtFrom");
            // every count to 4, then the constant with its neighbours
            assertEquals(List.of("1", "2", "3", "4", "5", "6"), from.get("deliveryCounts"));
            assertEquals(List.of(), analysis.findings().dead(), "five deliveries were explored");
        }
    }

    @Test
    void raisingTheMinimumAudienceIsStricterAndTheVerdictSaysSo() {
        try (PolicySet live = compile(Map.of("campaign/campaign.drl", CAMPAIGN_RULES), "minimumAudienceSize: 100\n");
             PolicySet candidate = compile(Map.of("campaign/campaign.drl", CAMPAIGN_RULES),
                     "minimumAudienceSize: 150\n")) {
            Diff diff = PolicyAnalysis.diff(live, candidate);
            assertTrue(diff.atLeastAsStrict());
            assertTrue(diff.verdict().startsWith("the candidate is at least as strict as the live set"),
                    diff.verdict());
            Map<Diff.Kind, Diff.Change> changes = byKind(diff);
            // no loosening; a campaign already rejected for its access is now rejected for its size too
            assertEquals(List.of(Diff.Kind.DELIVER_TO_SUPPRESS, Diff.Kind.APPROVE_TO_REJECT,
                    Diff.Kind.SUPPRESS_OTHER_REASONS, Diff.Kind.REJECT_OTHER_REASONS),
                    List.copyOf(changes.keySet()), changes::toString);
            assertEquals(List.of("ADVERTISER_NOT_ENABLED", "AUDIENCE_TOO_SMALL"),
                    changes.get(Diff.Kind.REJECT_OTHER_REASONS).candidate().codes());
            Diff.Change rejected = changes.get(Diff.Kind.APPROVE_TO_REJECT);
            // the boundaries of both sets were explored: sizes 100, 101, 149 are approved today and no longer
            assertEquals(List.of("AUDIENCE_TOO_SMALL"), rejected.candidate().codes());
            int size = rejected.request().path("campaign").path("audienceSize").asInt();
            assertTrue(size >= 100 && size < 150, () -> "audienceSize " + size);
            @SuppressWarnings("unchecked")
            List<String> sizes = ((Map<String, List<String>>) diff.bounds().get("builtFrom")).get("audienceSizes");
            assertTrue(sizes.containsAll(List.of("99", "100", "101", "149", "150", "151")), sizes::toString);
            // sizes 100, 101 and 149, with access, under every objective (this set has no objective rule), at every
            // clock value
            @SuppressWarnings("unchecked")
            int clocks = ((Map<String, Integer>) diff.bounds().get("axisSizes")).get("clock");
            assertEquals(3L * 6 * clocks, rejected.count());
            assertEquals(List.of(), changes.get(Diff.Kind.DELIVER_TO_SUPPRESS).live().codes());
            assertEquals(List.of("AUDIENCE_TOO_SMALL"), changes.get(Diff.Kind.DELIVER_TO_SUPPRESS).candidate().codes());
        }
    }

    @Test
    void quietHoursThatDifferOnlyOnADaylightSavingNightAreFoundThereAndOnlyThere() {
        try (PolicySet live = compile(Map.of("quiethours/quiethours.drl", QUIET_BY_LOCAL_TIME), QUIET_SETTINGS);
             PolicySet candidate = compile(Map.of("quiethours/quiethours.drl", QUIET_BY_ELAPSED_TIME),
                     QUIET_SETTINGS)) {
            Diff diff = PolicyAnalysis.diff(live, candidate);
            Map<Diff.Kind, Diff.Change> changes = byKind(diff);
            assertEquals(List.of(Diff.Kind.DELIVER_TO_SUPPRESS, Diff.Kind.SUPPRESS_TO_DELIVER),
                    List.copyOf(changes.keySet()), changes::toString);
            assertFalse(diff.atLeastAsStrict());
            for (Diff.Change change : changes.values()) {
                String clock = change.situation().get("clock");
                assertTrue(clock.contains("daylight-saving"), clock);
                DeliveryRequest request = RequestCodec.delivery(change.request(), Instant.EPOCH);
                ZoneId zone = request.recipient().person().timeZone();
                assertTrue(zone.getRules().isDaylightSavings(request.at())
                        != zone.getRules().isDaylightSavings(request.at().minusSeconds(86_400)), clock);
            }
            // the autumn night is an hour longer: at 07:59:59.999999 local the candidate has let go already
            Diff.Change loosened = changes.get(Diff.Kind.SUPPRESS_TO_DELIVER);
            assertEquals(List.of("QUIET_HOURS"), loosened.live().codes());
            assertTrue(loosened.situation().get("clock").contains("2026-10-25T07:59:59.999999+01:00"),
                    loosened.situation().get("clock"));
            // the spring night is an hour shorter: just after 08:00 the candidate still holds back
            Diff.Change stricter = changes.get(Diff.Kind.DELIVER_TO_SUPPRESS);
            // and nowhere else: every clock value holds as many situations (no campaign rule here), and exactly one
            // value changes one way (07:59:59.999999 on 25 October), two the other (08:00 and 08:00:00.000001 on
            // 29 March)
            @SuppressWarnings("unchecked")
            int clocks = ((Map<String, Integer>) diff.bounds().get("axisSizes")).get("clock");
            long perClock = (Long) diff.bounds().get("deliverySituations") / clocks;
            assertEquals(0, (Long) diff.bounds().get("deliverySituations") % clocks);
            assertEquals(perClock, loosened.count());
            assertEquals(2 * perClock, stricter.count());
            assertTrue(stricter.situation().get("clock").contains("2026-03-29T08:00"),
                    stricter.situation().get("clock"));
            assertEquals("delivery", stricter.decision());
            assertEquals(2, diff.json().path("changes").size());
        }
    }

    @Test
    void theBundledSetHasNoDeadRuleNoRedundantRuleAndReachesEveryOutcome() {
        try (PolicySet set = new PolicyCompiler().compile(PolicySource.bundled()).policySet()) {
            Analysis analysis = PolicyAnalysis.analyze(set);
            assertEquals(List.of(), analysis.findings().dead());
            assertEquals(List.of(), analysis.findings().redundant());
            assertEquals(List.of(), analysis.findings().unreachable());
            assertTrue(analysis.clean());
            assertEquals(java.util.Set.of("APPROVE", "REJECT", "DELIVER", "SUPPRESS"), analysis.outcomes().keySet());
            // sizes 100 and 101 are decided alike, and no person-level rule reads the size: one stands for the other
            @SuppressWarnings("unchecked")
            int clocks = ((Map<String, Integer>) analysis.bounds().get("axisSizes")).get("clock");
            assertEquals((long) clocks, analysis.bounds().get("pairsExploredInFull"));
            assertEquals((long) clocks, analysis.bounds().get("pairsRepresented"));
        }
    }

    private static Map<Diff.Kind, Diff.Change> byKind(Diff diff) {
        Map<Diff.Kind, Diff.Change> changes = new java.util.EnumMap<>(Diff.Kind.class);
        for (Diff.Change change : diff.changes()) {
            changes.put(change.kind(), change);
        }
        return changes;
    }
}
