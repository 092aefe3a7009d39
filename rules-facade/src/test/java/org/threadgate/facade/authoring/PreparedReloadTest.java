package org.threadgate.facade.authoring;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.DeliveryPolicyService;

/**
 * A candidate built while a burst of changes settles goes live only if the files still hold what it was built from:
 * a half-written save read at the start of the burst never goes live, and never rejects the settled set.
 */
class PreparedReloadTest {
    @Test
    void aCandidateBuiltFromAHalfWrittenSave_isNotUsed_theSettledFilesAre(@TempDir Path rules) throws Exception {
        PolicySource.bundled().writeTo(rules);
        try (DeliveryPolicyService service = new DeliveryPolicyService();
             PolicyReloader reloader = reloaderOf(rules, service)) {
            String first = reloader.loadNow("startup").liveVersion();
            Path blocks = rules.resolve("blocks/blocks.drl");
            String good = Files.readString(blocks);

            Files.writeString(blocks, good.substring(0, good.length() / 2)); // the save is half done
            reloader.prepare().get(2, TimeUnit.MINUTES); // built from the half-written file
            Files.writeString(blocks, good + "\n// edited\n"); // and now complete
            ReloadStatus settled = reloader.request("file change").get(2, TimeUnit.MINUTES);

            assertThat(settled.outcome()).isEqualTo(ReloadStatus.LOADED);
            assertThat(settled.problems()).isEmpty();
            assertThat(settled.liveVersion()).isNotEqualTo(first).isEqualTo(service.policies().version());
        }
    }

    @Test
    void aCandidateBuiltFromTheSettledFiles_goesLiveAsIfBuiltAfterwards(@TempDir Path rules) throws Exception {
        PolicySource.bundled().writeTo(rules);
        try (DeliveryPolicyService service = new DeliveryPolicyService();
             PolicyReloader reloader = reloaderOf(rules, service)) {
            reloader.loadNow("startup");
            PolicyEdits.raiseMinimumTo200(rules);
            reloader.prepare().get(2, TimeUnit.MINUTES);
            ReloadStatus settled = reloader.request("file change").get(2, TimeUnit.MINUTES);
            assertThat(settled.outcome()).isEqualTo(ReloadStatus.LOADED);
            assertThat(service.policies().settings().minimumAudienceSize()).isEqualTo(200);

            // a broken file prepared and still there when the burst settles is rejected, as without preparing
            Files.writeString(rules.resolve("blocks/broken.drl"), PolicyEdits.BROKEN_RULE);
            reloader.prepare().get(2, TimeUnit.MINUTES);
            ReloadStatus rejected = reloader.request("file change").get(2, TimeUnit.MINUTES);
            assertThat(rejected.outcome()).isEqualTo(ReloadStatus.REJECTED);
            assertThat(rejected.problems()).anyMatch(p -> p.startsWith("blocks/broken.drl:"));
            assertThat(service.policies().settings().minimumAudienceSize()).isEqualTo(200);
        }
    }

    private static PolicyReloader reloaderOf(Path rules, DeliveryPolicyService service) {
        return new PolicyReloader(PolicyReloader.directory(rules), service, Clock.systemUTC(), set -> { });
    }
}
