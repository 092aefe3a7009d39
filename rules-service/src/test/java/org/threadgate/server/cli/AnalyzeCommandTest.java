package org.threadgate.server.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.facade.json.Json;

/** {@code threadgate analyze} and {@code threadgate diff} on small sets written for them: reports and exit codes. */
class AnalyzeCommandTest {
    private static final String CAMPAIGN_RULES = """
            package org.threadgate.policies.campaign

            import org.threadgate.model.CampaignRequest
            import org.threadgate.model.Settings
            import org.threadgate.model.Violation

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

            rule "shrinking-audience"
                @code("SHRINKING_AUDIENCE")
                @title("a contradiction")
                @message("never")
            when
                CampaignRequest(campaign.audienceSize > 500, campaign.audienceSize < 400)
            then
                insert(Violation.campaignWide());
            end
            """;

    @TempDir
    Path dir;

    private Path set(String name, int minimum, boolean dead) throws Exception {
        Path root = dir.resolve(name);
        Files.createDirectories(root.resolve("campaign"));
        Files.writeString(root.resolve("campaign/campaign.drl"), CAMPAIGN_RULES);
        if (dead) {
            Files.createDirectories(root.resolve("dead"));
            Files.writeString(root.resolve("dead/dead.drl"), DEAD_RULE);
        }
        Files.writeString(root.resolve("settings.yaml"), "minimumAudienceSize: " + minimum + "\n");
        return root;
    }

    @Test
    void analyze_namesTheDeadRuleWithItsFileAndLine_andExits1() throws Exception {
        CliRun run = CliRun.of("analyze", set("dead", 100, true).toString());
        assertThat(run.exit()).as(run.err()).isEqualTo(1);
        assertThat(run.out()).contains("dead/dead.drl:6: dead rule \"shrinking-audience\" (SHRINKING_AUDIENCE)")
                .contains("Space: ").contains("Outcomes reached");

        CliRun clean = CliRun.of("analyze", "--json", set("clean", 100, false).toString());
        assertThat(clean.exit()).as(clean.err()).isZero();
        JsonNode report = Json.MAPPER.readTree(clean.out());
        assertThat(report.get("deadRules")).isEmpty();
        assertThat(report.get("explored").get("builtFrom").get("audienceSizes").toString())
                .isEqualTo("[\"0\",\"99\",\"100\",\"101\"]");
    }

    @Test
    void diff_failsOnLooseningOnlyWhenTheCandidateLetsMoreThrough() throws Exception {
        Path strict = set("strict", 150, false);
        Path lenient = set("lenient", 100, false);

        CliRun stricter = CliRun.of("diff", "--fail-on", "loosening", lenient.toString(), strict.toString());
        assertThat(stricter.exit()).as(stricter.err()).isZero();
        assertThat(stricter.out()).contains("APPROVE_TO_REJECT").contains("DELIVER_TO_SUPPRESS")
                .contains("Verdict: the candidate is at least as strict as the live set");

        CliRun any = CliRun.of("diff", "--fail-on", "any", lenient.toString(), strict.toString());
        assertThat(any.exit()).isEqualTo(1);
        assertThat(any.err()).contains("--fail-on any");

        CliRun looser = CliRun.of("diff", "--fail-on", "loosening", "--json", strict.toString(), lenient.toString());
        assertThat(looser.exit()).isEqualTo(1);
        JsonNode report = Json.MAPPER.readTree(looser.out());
        assertThat(report.get("atLeastAsStrict").asBoolean()).isFalse();
        JsonNode first = report.get("changes").get(0);
        assertThat(first.get("kind").asText()).isEqualTo("SUPPRESS_TO_DELIVER");
        assertThat(first.get("counterexample").get("request").get("campaign").get("audienceSize").asInt())
                .isBetween(100, 149);

        CliRun same = CliRun.of("diff", "--fail-on", "any", lenient.toString(), lenient.toString());
        assertThat(same.exit()).isZero();
        assertThat(same.out()).contains("the candidate decides every situation as the live set does");
    }

    @Test
    void aSetThatDoesNotCompileOrIsNotThere_exits2_namingTheProblem() throws Exception {
        Path broken = set("broken", 100, false);
        Files.writeString(broken.resolve("campaign/campaign.drl"), CAMPAIGN_RULES.replace("then", "than"));
        CliRun run = CliRun.of("diff", broken.toString(), set("fine", 100, false).toString());
        assertThat(run.exit()).isEqualTo(2);
        assertThat(run.err()).contains("campaign.drl").contains("nothing was analysed");

        // a directory that is not there: its message, no stack trace, and the same exit code
        CliRun missing = CliRun.of("analyze", dir.resolve("nowhere").toString());
        assertThat(missing.exit()).isEqualTo(2);
        assertThat(missing.err()).startsWith("threadgate analyze: not a directory: ").doesNotContain("\tat ");
    }
}
