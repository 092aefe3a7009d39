package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Recipient;

/**
 * The bundled set ships compiled into the executable model (written by the build, {@link ExecutableModelBuild}); it
 * must decide exactly as the same DRL compiled from source: outcome, every reason with its message, details and
 * retryAt, and the rules that fired.
 */
class PrebuiltModelTest {
    private static PolicySet prebuilt;
    private static PolicySet fromSource;

    @BeforeAll
    static void compileBoth() {
        PolicyCompiler compiler = new PolicyCompiler();
        prebuilt = compiler.compile(PolicySource.bundled()).policySet();
        fromSource = compiler.compile(PolicySource.bundled(), false).policySet();
    }

    @AfterAll
    static void close() {
        prebuilt.close();
        fromSource.close();
    }

    @Test
    void theBundledSet_loadsTheShippedModel_ofItsOwnVersion() {
        assertThat(prebuilt.build()).isEqualTo(PolicySet.Build.EXECUTABLE_MODEL);
        assertThat(fromSource.build()).isEqualTo(PolicySet.Build.DRL);
        assertThat(PrebuiltModel.version()).isEqualTo(prebuilt.version()).isEqualTo(fromSource.version());
        assertThat(prebuilt.rules()).isEqualTo(fromSource.rules()).isNotEmpty();
    }

    @Test
    void aSetThatDiffersByOneCharacter_isCompiledFromItsText() {
        PolicySource bundled = PolicySource.bundled();
        TreeMap<String, String> files = new TreeMap<>(bundled.ruleFiles());
        String first = files.firstKey();
        files.put(first, files.get(first) + "\n// edited\n");
        PolicySet edited = new PolicyCompiler().compile(PolicySource.of("edited", files, bundled.settings()))
                .policySet();
        try {
            assertThat(edited.version()).isNotEqualTo(prebuilt.version());
            assertThat(edited.build()).isEqualTo(PolicySet.Build.DRL);
        } finally {
            edited.close();
        }
    }

    @Test
    void changedSettings_changeTheVersion_soTheModelIsNotUsed() {
        PolicySource bundled = PolicySource.bundled();
        PolicySet stricter = new PolicyCompiler().compile(PolicySource.of("stricter", bundled.ruleFiles(),
                BundledPolicies.bundledSettingsWith("minimumAudienceSize: 100", "minimumAudienceSize: 500")))
                .policySet();
        try {
            assertThat(stricter.build()).isEqualTo(PolicySet.Build.DRL);
            assertThat(stricter.settings().minimumAudienceSize()).isEqualTo(500);
        } finally {
            stricter.close();
        }
    }

    @Test
    void singleAndCampaignDecisions_areIdentical() {
        RandomFacts.deliveries(4242L, 5_000, 11, (i, request) -> {
            assertThat(prebuilt.decideDelivery(request)).as("case %d", i).isEqualTo(fromSource.decideDelivery(request));
            assertThat(prebuilt.decideCampaign(request.campaign())).as("campaign %d", i)
                    .isEqualTo(fromSource.decideCampaign(request.campaign()));
        });
    }

    @Test
    void audienceDecisions_areIdenticalAcrossChunks() {
        RandomFacts random = new RandomFacts(17L);
        Instant at = random.at();
        CampaignRequest campaign = random.campaign(at, "b-audience");
        List<Recipient> recipients = new ArrayList<>();
        for (int i = 0; i < 3_500; i++) {
            recipients.add(random.recipient(at, campaign.business().id(), "p-" + i));
        }
        assertThat(prebuilt.decideAudience(campaign, recipients))
                .isEqualTo(fromSource.decideAudience(campaign, recipients));
    }
}
