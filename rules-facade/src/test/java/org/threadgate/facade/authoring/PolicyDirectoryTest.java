package org.threadgate.facade.authoring;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.DeliveryPolicyService;
import org.threadgate.facade.PolicyLoadException;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Objective;

/** The library's ways to run a policy directory: loaded once, or loaded and followed as it changes. */
class PolicyDirectoryTest {
    private static final CampaignRequest AUDIENCE_150 = new CampaignRequest(Instant.parse("2026-03-10T12:00:00Z"),
            new Business("acme", true), new Campaign("c1", "acme", Objective.MESSAGES, 150));

    @TempDir
    Path dir;

    @Test
    void aDirectory_isDecidedByItsOwnSettings() throws Exception {
        PolicySource.bundled().writeTo(dir);
        Files.writeString(dir.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 200"));
        Files.delete(dir.resolve("tests/audience.yaml")); // its cases pin the bundled minimum
        try (DeliveryPolicyService service = DeliveryPolicyService.fromDirectory(dir)) {
            assertThat(service.decideCampaign(AUDIENCE_150).outcome()).isEqualTo(CampaignOutcome.REJECT);
        }
    }

    @Test
    void aDirectoryThatDoesNotCompile_isRefusedWithFileLineAndColumn() throws Exception {
        PolicySource.bundled().writeTo(dir);
        Files.writeString(dir.resolve("access/access.drl"), "package org.threadgate.policies.access\nrule\n");
        assertThatThrownBy(() -> DeliveryPolicyService.fromDirectory(dir))
                .isInstanceOf(PolicyLoadException.class)
                .satisfies(e -> assertThat(((PolicyLoadException) e).problems())
                        .anyMatch(p -> p.matches("access/access\\.drl:\\d+:\\d+: .*")));
    }

    @Test
    void aDirectoryWhoseCasesFail_isRefused() throws Exception {
        PolicySource.bundled().writeTo(dir);
        Files.writeString(dir.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 200")); // tests/audience.yaml fails
        assertThatThrownBy(() -> DeliveryPolicyService.fromDirectory(dir))
                .isInstanceOf(PolicyLoadException.class)
                .satisfies(e -> assertThat(((PolicyLoadException) e).problems())
                        .anyMatch(p -> p.startsWith("test case failed: ") && p.contains("audience.yaml")));
    }

    @Test
    void aWatchedDirectory_putsAGoodChangeLive_andKeepsTheLiveSetOnABadOne() throws Exception {
        PolicySource.bundled().writeTo(dir);
        try (DeliveryPolicyService service = new DeliveryPolicyService();
             PolicyDirectory watched = PolicyDirectory.watch(service, dir, set -> { })) {
            String first = service.policies().version();
            assertThat(service.decideCampaign(AUDIENCE_150).outcome()).isEqualTo(CampaignOutcome.APPROVE);

            Files.writeString(dir.resolve("settings.yaml"), PolicySource.bundled().settings().replace("minimumAudienceSize: 100", "minimumAudienceSize: 200"));
            Files.delete(dir.resolve("tests/audience.yaml"));
            ReloadStatus good = watched.reload().get(60, TimeUnit.SECONDS);
            assertThat(good.outcome()).as(String.join("\n", good.problems())).isIn(ReloadStatus.LOADED,
                    ReloadStatus.UNCHANGED); // UNCHANGED when the watcher's own reload got there first
            assertThat(service.policies().version()).isNotEqualTo(first);
            assertThat(service.decideCampaign(AUDIENCE_150).outcome()).isEqualTo(CampaignOutcome.REJECT);
            String second = service.policies().version();

            Files.writeString(dir.resolve("access/access.drl"), "package org.threadgate.policies.access\nrule\n");
            ReloadStatus bad = watched.reload().get(60, TimeUnit.SECONDS);
            assertThat(bad.outcome()).isEqualTo(ReloadStatus.REJECTED);
            assertThat(bad.problems()).anyMatch(p -> p.contains("access/access.drl:"));
            assertThat(service.policies().version()).isEqualTo(second);
            assertThat(watched.status().liveVersion()).isEqualTo(second);
        }
    }

    /** An editor saving in steps, a checkout touching many files: one reload once the burst has settled. */
    @Test
    void aBurstOfWrites_makesOneReload() throws Exception {
        PolicySource.bundled().writeTo(dir);
        try (DeliveryPolicyService service = new DeliveryPolicyService();
             PolicyDirectory watched = PolicyDirectory.watch(service, dir, set -> { })) {
            long attempt = watched.status().attempt();
            Path rules = dir.resolve("blocks/blocks.drl");
            for (int i = 0; i < 10; i++) {
                Files.writeString(rules, Files.readString(rules) + "\n// edit " + i + "\n");
            }
            PolicyEdits.raiseMinimumTo200(dir);
            long patience = System.currentTimeMillis() + 15_000; // an upper bound on waiting, not a speed check
            while (watched.status().attempt() == attempt && System.currentTimeMillis() < patience) {
                Thread.sleep(20);
            }
            assertThat(watched.status().outcome()).as(String.join("\n", watched.status().problems()))
                    .isEqualTo(ReloadStatus.LOADED);
            // quiet for longer than the settle period: no further attempt follows
            Thread.sleep(PolicyDirectory.SETTLE.toMillis() * 5);
            assertThat(watched.status().attempt()).isEqualTo(attempt + 1);
        }
    }

    @Test
    void aDirectoryThatCannotGoLiveAtFirst_isNotWatched() throws Exception {
        PolicySource.bundled().writeTo(dir);
        Files.writeString(dir.resolve("access/access.drl"), "package org.threadgate.policies.access\nrule\n");
        try (DeliveryPolicyService service = new DeliveryPolicyService()) {
            assertThatThrownBy(() -> PolicyDirectory.watch(service, dir, set -> { }))
                    .isInstanceOf(PolicyLoadException.class);
            assertThat(service.isReady()).isFalse();
        }
    }
}
