package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.threadgate.model.Business;
import org.threadgate.model.Campaign;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Objective;
import org.threadgate.model.PolicySettings;

/**
 * One settings mechanism: every setting lives in the {@code Settings} fact, and {@link PolicySettings} is a typed view
 * of it. A rule file written against the view (as rule files could be before typed settings) keeps deciding as it
 * did: the view is still inserted for a set whose rules name it, and only for such a set.
 */
class SettingsFactTest {
    private static final String LEGACY_RULE = """
            package org.threadgate.policies.legacy

            import org.threadgate.model.Campaign
            import org.threadgate.model.PolicySettings
            import org.threadgate.model.Violation

            rule "legacy-minimum"
                @code("LEGACY_MINIMUM")
                @title("Reads the minimum from the typed view of the original settings")
                @message("The audience has {audienceSize} people; at least {minimumAudienceSize} are needed")
            when
                PolicySettings($minimum : minimumAudienceSize)
                Campaign(audienceSize < $minimum, $size : audienceSize)
            then
                insert(Violation.campaignWide("audienceSize", $size, "minimumAudienceSize", $minimum));
            end
            """;
    private static final CampaignRequest SMALL = new CampaignRequest(Instant.parse("2026-03-10T12:00:00Z"),
            new Business("acme", true), new Campaign("c1", "acme", Objective.MESSAGES, 150));

    @Test
    void aRuleReadingTheTypedView_stillDecides_withTheSettingsOfItsFile() {
        Compilation result = new PolicyCompiler().compile(PolicySource.of("legacy",
                Map.of("legacy/legacy.drl", LEGACY_RULE), "minimumAudienceSize: 200\n"));
        assertThat(result.problems()).noneMatch(Problem::isError);
        try (PolicySet set = result.policySet()) {
            assertThat(set.settings()).isEqualTo(new PolicySettings(200, PolicySettings.DEFAULTS.suppressionWindow()));
            assertThat(set.decideCampaign(SMALL).reasons()).extracting(r -> r.code())
                    .containsExactly("LEGACY_MINIMUM");
        }
    }

    @Test
    void theBundledSet_readsOnlyTheSettingsFact_andItsViewAgrees() {
        PolicySet bundled = BundledPolicies.get();
        assertThat(bundled.source().ruleFiles().values()).noneMatch(text -> text.contains("PolicySettings"));
        assertThat(bundled.settings()).isEqualTo(PolicySettings.from(bundled.allSettings()))
                .isEqualTo(PolicySettings.DEFAULTS);
        assertThat(bundled.decideCampaign(SMALL).reasons()).isEmpty(); // 150 >= the bundled minimum of 100
    }
}
