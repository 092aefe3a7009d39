package org.threadgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.json.Json;
import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.Person;
import org.threadgate.model.Recipient;
import org.threadgate.server.decisionlog.DecisionLog;
import org.threadgate.server.decisionlog.PolicyVersions;
import org.threadgate.storage.jdbc.Database;
import org.threadgate.storage.jdbc.JdbcDecisionStore;

/**
 * {@code threadgate impact} over a decision log built here with the real engine: a candidate that raises
 * minimumAudienceSize from 100 to 200 changes exactly the decisions whose audience is 100 to 199.
 */
class ImpactCommandTest {
    private static final Instant AT = Instant.parse("2026-03-10T12:00:00Z");

    @TempDir
    Path dir;
    private long inRangeDeliverable;
    private long inRangeBlocked;
    private long inRangeCampaigns;
    private long total;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    /** The log: deliveries with audiences of 50 to 245 (some people blocked), and campaign decisions. */
    @BeforeEach
    void buildLog() {
        try (Database database = Database.h2File(dir.resolve("data"));
             DeliveryPolicyService service = DeliveryPolicyService.bundled()) {
            JdbcDecisionStore store = new JdbcDecisionStore(database.dataSource(), "test");
            new PolicyVersions(store).wentLive(service.policies());
            DecisionLog log = new DecisionLog(store, Clock.systemUTC(), 10_000, Duration.ofDays(30));
            service.observe(log);
            for (int i = 0; i < 40; i++) {
                int audience = 50 + i * 5;
                CampaignRequest campaign = new CampaignRequest(AT, new Business("acme", true),
                        new Campaign("c" + audience, "acme", Objective.MESSAGES, audience));
                for (int p = 0; p < 3; p++) {
                    String person = "p" + p;
                    boolean blocked = p == 2;
                    List<Block> blocks = blocked ? List.of(new Block(person, "acme", BlockKind.BLOCKED_BUSINESS,
                            null)) : List.of();
                    service.decide(new DeliveryRequest(campaign, new Recipient(new Person(person),
                            new Conversation("acme", person, AT.minus(Duration.ofDays(3))), blocks)),
                            Origin.of(Origin.Via.JAVA, Origin.Form.FACTS));
                    total++;
                    if (audience >= 100 && audience < 200) {
                        if (blocked) {
                            inRangeBlocked++;
                        } else {
                            inRangeDeliverable++;
                        }
                    }
                }
                service.decide(campaign, Origin.of(Origin.Via.JAVA, Origin.Form.FACTS));
                total++;
                if (audience >= 100 && audience < 200) {
                    inRangeCampaigns++;
                }
            }
            log.close();
        }
    }

    private Path candidate(String minimum) throws Exception {
        Path candidate = dir.resolve("candidate");
        PolicySource.bundled().writeTo(candidate);
        Files.writeString(candidate.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: " + minimum));
        Files.delete(candidate.resolve("tests/audience.yaml")); // its boundary cases pin the old minimum
        return candidate;
    }

    @Test
    void raisingTheMinimumAudience_changesExactlyTheAudiencesFrom100To199() throws Exception {
        CliRun run = run("impact", candidate("200").toString(), "--data", dir.resolve("data").toString(),
                "--format", "json");
        assertThat(run.exit()).as(run.err() + run.out()).isZero();
        JsonNode report = Json.MAPPER.readTree(run.out());
        assertThat(report.get("records").asLong()).isEqualTo(total);
        long changed = inRangeDeliverable + inRangeBlocked + inRangeCampaigns;
        assertThat(report.get("changed").asLong()).isEqualTo(changed);
        assertThat(report.get("unchanged").asLong()).isEqualTo(total - changed);
        JsonNode transitions = report.get("transitions");
        assertThat(transitions.get("DELIVER->SUPPRESS").asLong()).isEqualTo(inRangeDeliverable);
        assertThat(transitions.get("SAME_OUTCOME_OTHER_REASONS").asLong()).isEqualTo(inRangeBlocked);
        assertThat(transitions.get("APPROVE->REJECT").asLong()).isEqualTo(inRangeCampaigns);
        assertThat(transitions.get("SUPPRESS->DELIVER").asLong()).isZero();
        assertThat(transitions.get("REJECT->APPROVE").asLong()).isZero();
        assertThat(Json.MAPPER.convertValue(report.get("reasons"), Map.class)).isEqualTo(Map.of(
                "AUDIENCE_TOO_SMALL", Map.of("gained", (int) changed, "lost", 0)));
        List<String> campaigns = new ArrayList<>();
        report.get("campaigns").forEach(c -> {
            int audience = Integer.parseInt(c.get("campaignId").asText().substring(1));
            assertThat(audience).isBetween(100, 199);
            assertThat(c.get("changed").asInt()).isEqualTo(4);
            assertThat(c.get("deliverableBefore").asInt()).isEqualTo(3); // two people and the campaign
            assertThat(c.get("deliverableAfter").asInt()).isZero();
            campaigns.add(c.get("campaignId").asText());
        });
        assertThat(campaigns).hasSize(20).isSorted();
        assertThat(report.get("examples").get("DELIVER->SUPPRESS")).hasSize(5);
        JsonNode fidelity = report.get("fidelity");
        assertThat(fidelity.get("checked").asLong()).isEqualTo(total);
        assertThat(fidelity.get("mismatched").asLong()).isZero();
    }

    @Test
    void theSameSet_changesNothing_andTheTextReportSaysSo() throws Exception {
        Path same = dir.resolve("same");
        PolicySource.bundled().writeTo(same);
        CliRun run = run("impact", same.toString(), "--data", dir.resolve("data").toString());
        assertThat(run.exit()).as(run.err()).isZero();
        assertThat(run.out()).contains(total + " records replayed, " + total + " unchanged, 0 changed")
                .contains("fidelity: " + total + " checked, 0 mismatched");
    }

    @Test
    void aBrokenCandidate_isReportedLikeCheck_andExits1() throws Exception {
        Path broken = candidate("200");
        Files.writeString(broken.resolve("access/access.drl"), "package org.threadgate.policies.access\nrule\n");
        CliRun run = run("impact", broken.toString(), "--data", dir.resolve("data").toString());
        assertThat(run.exit()).isEqualTo(1);
        assertThat(run.err()).contains("access/access.drl:").contains("nothing was replayed");
    }

    @Test
    void aRecordThatDoesNotReproduceUnderItsOwnVersion_isCountedFirst_andExits2() throws Exception {
        CliRun exported = run("decisions", "export", "--data", dir.resolve("data").toString());
        List<String> lines = new ArrayList<>(exported.out().lines().toList());
        String tampered = lines.stream().filter(l -> l.contains("\"outcome\":\"DELIVER\"")).findFirst().orElseThrow();
        lines.set(lines.indexOf(tampered), tampered.replace("\"outcome\":\"DELIVER\"", "\"outcome\":\"SUPPRESS\""));
        Path file = dir.resolve("log.ndjson");
        Files.write(file, lines);
        Path same = dir.resolve("same");
        PolicySource.bundled().writeTo(same);
        CliRun run = run("impact", same.toString(), "--log", file.toString(), "--data", dir.resolve("data").toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.out()).startsWith("FIDELITY: 1 of " + total + " records do not reproduce")
                .contains(Json.MAPPER.readTree(tampered).get("decisionId").asText());
    }

    @Test
    void aRangeOverAFile_isReadFromEachRecordsOwnAt_whereverTheFieldIs() throws Exception {
        CliRun exported = run("decisions", "export", "--data", dir.resolve("data").toString());
        List<String> lines = new ArrayList<>(exported.out().lines().toList());
        for (int i = 0; i < 10; i++) { // older records, with "at" moved after the request
            com.fasterxml.jackson.databind.node.ObjectNode record =
                    (com.fasterxml.jackson.databind.node.ObjectNode) Json.MAPPER.readTree(lines.get(i));
            record.remove("at");
            record.put("at", "2020-01-01T00:00:00Z");
            lines.set(i, Json.MAPPER.writeValueAsString(record));
        }
        Path file = dir.resolve("log.ndjson");
        Files.write(file, lines);
        Path same = dir.resolve("same");
        PolicySource.bundled().writeTo(same);
        CliRun recent = run("impact", same.toString(), "--log", file.toString(), "--from", "2021-01-01T00:00:00Z",
                "--format", "json");
        assertThat(recent.exit()).as(recent.err()).isZero();
        assertThat(Json.MAPPER.readTree(recent.out()).get("records").asLong()).isEqualTo(total - 10);
        CliRun old = run("impact", same.toString(), "--log", file.toString(), "--to", "2021-01-01T00:00:00Z",
                "--format", "json");
        assertThat(old.exit()).as(old.err()).isZero();
        assertThat(Json.MAPPER.readTree(old.out()).get("records").asLong()).isEqualTo(10);
    }

    @Test
    void anUnreadableRecord_isNamedByItsLine_andExits3() throws Exception {
        CliRun exported = run("decisions", "export", "--data", dir.resolve("data").toString());
        List<String> lines = new ArrayList<>(exported.out().lines().toList());
        lines.set(6, "{\"decisionId\": \"x\", \"at\": ");
        Path file = dir.resolve("log.ndjson");
        Files.write(file, lines);
        Path same = dir.resolve("same");
        PolicySource.bundled().writeTo(same);
        CliRun run = run("impact", same.toString(), "--log", file.toString());
        assertThat(run.exit()).isEqualTo(3);
        assertThat(run.err()).startsWith("impact: " + file + ": record 7 cannot be read").contains("nothing was reported")
                .doesNotContain("Exception");
        assertThat(run.out()).isEmpty();
    }
}
