package org.threadgate.engine;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.kie.api.KieServices;
import org.kie.api.definition.KiePackage;
import org.kie.api.definition.rule.Rule;
import org.threadgate.model.PolicySettings;

class PolicyCompilerTest {
    private static final String GOOD_RULE = """
            package org.threadgate.policies.extra

            import org.threadgate.model.Business
            import org.threadgate.model.Violation

            rule "business-named-x"
                @code("BUSINESS_NAMED_X") @title("A test rule") @message("Business {id} is named x")
            when
                Business(id == "x", $id : id)
            then
                insert(Violation.campaignWide("id", $id));
            end
            """;

    private final PolicyCompiler compiler = new PolicyCompiler();

    @Test
    void everyBundledRuleCarriesCodeTitleAndMessage_andCodesAreUnique() {
        PolicySet set = BundledPolicies.get();
        Set<String> codes = new HashSet<>();
        int rules = 0;
        for (KiePackage pkg : set.kieBase().getKiePackages()) {
            for (Rule rule : pkg.getRules()) {
                rules++;
                Map<String, Object> meta = rule.getMetaData();
                for (String key : List.of("code", "title", "message")) {
                    assertThat(meta.get(key)).as("@%s of rule %s", key, rule.getName()).isNotNull()
                            .asString().isNotBlank();
                }
                assertThat(codes.add(meta.get("code").toString())).as("code of %s is unique", rule.getName())
                        .isTrue();
            }
        }
        assertThat(rules).isEqualTo(11);
        assertThat(codes).containsExactlyInAnyOrder("ADVERTISER_NOT_ENABLED", "OBJECTIVE_NOT_MESSAGES",
                "AUDIENCE_TOO_SMALL", "NO_OPEN_THREAD", "WITHIN_SUPPRESSION_WINDOW", "BLOCKED_BUSINESS",
                "MESSAGES_TURNED_OFF", "FREQUENCY_CAP_REACHED", "PERSON_CAP_REACHED", "CAMPAIGN_ALREADY_DELIVERED",
                "QUIET_HOURS");
    }

    @Test
    void ruleInfo_namesTheFileAndLineOfEachRule() {
        RuleInfo rule = BundledPolicies.get().rules().stream()
                .filter(r -> r.code().equals("MESSAGES_TURNED_OFF")).findFirst().orElseThrow();
        assertThat(rule.file()).isEqualTo("blocks/blocks.drl");
        assertThat(rule.line()).isEqualTo(20);
        assertThat(rule.name()).isEqualTo("messages-turned-off");
        assertThat(rule.packageName()).isEqualTo("org.threadgate.policies.blocks");
    }

    @Test
    void syntaxError_isReportedWithFileLineAndColumn() {
        String broken = GOOD_RULE.replace("Business(id == \"x\", $id : id)", "Business(id == , $id : id)");
        Compilation result = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", broken), null));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).isNotEmpty();
        Problem first = result.errors().get(0);
        assertThat(first.file()).isEqualTo("extra/extra.drl");
        assertThat(first.line()).isEqualTo(9);
        assertThat(first.column()).isPositive();
        assertThat(first.toString()).startsWith("extra/extra.drl:9:" + first.column() + ": ");
    }

    @Test
    void unknownFactType_isAnErrorOnItsLine() {
        String broken = GOOD_RULE.replace("Business(id == \"x\", $id : id)", "Shop(id == \"x\", $id : id)");
        Compilation result = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", broken), null));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).anySatisfy(p -> {
            assertThat(p.file()).isEqualTo("extra/extra.drl");
            assertThat(p.line()).isEqualTo(9);
        });
    }

    @Test
    void ruleWithoutMetadata_isRejectedAtItsLine() {
        String bare = GOOD_RULE.replace(
                "    @code(\"BUSINESS_NAMED_X\") @title(\"A test rule\") @message(\"Business {id} is named x\")\n",
                "    @code(\"BUSINESS_NAMED_X\")\n");
        Compilation result = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", bare), null));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).singleElement().hasToString(
                "extra/extra.drl:6:1: rule 'business-named-x' lacks metadata @title(\"...\"), @message(\"...\")");
    }

    @Test
    void twoRulesSharingACode_areRejected() {
        String twin = GOOD_RULE.replace("package org.threadgate.policies.extra", "package org.threadgate.policies.twin")
                .replace("business-named-x", "business-named-x-again");
        Compilation result = compiler.compile(PolicySource.of("test",
                Map.of("extra/extra.drl", GOOD_RULE, "twin/twin.drl", twin), null));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).singleElement().asString()
                .startsWith("twin/twin.drl:6:1: rule 'business-named-x-again' reuses code BUSINESS_NAMED_X");
    }

    @Test
    void badSettings_areReportedAtTheirLineAndColumn() {
        Compilation result = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", GOOD_RULE),
                "minimumAudienceSize: lots\nsuppressionWindow: 24 hours\nquiet:\n  start: \"25:00\"\n"));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).extracting(Problem::toString).containsExactly(
                "settings.yaml:1:22: minimumAudienceSize must be a whole number, 0 or more; was lots",
                "settings.yaml:2:20: suppressionWindow must be an ISO-8601 duration such as PT24H; was 24 hours",
                "settings.yaml:4:10: quiet.start must be a local time from 00:00 to 23:59; was 25:00");
    }

    @Test
    void settingsReads_undeclaredOrOfAnotherTypeAreErrorsAtTheRead_unreadOnesWarnings() {
        String rule = GOOD_RULE.replace("    Business(id == \"x\"",
                "    Settings(isSet(\"cap.max\"), integer(\"cap.window\") > 0, duration(\"cap.missing\") != null)\n"
                        + "    Business(id == \"x\"").replace("import org.threadgate.model.Violation",
                "import org.threadgate.model.Settings\nimport org.threadgate.model.Violation");
        Compilation result = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", rule),
                "cap:\n  max: 2\n  window: PT48H\nforgotten: true\n"));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.problems()).extracting(Problem::toString).containsExactlyInAnyOrder(
                "extra/extra.drl:10:40: integer(\"cap.window\") reads a whole number, but settings.yaml declares"
                        + " cap.window as a duration (PT48H)",
                "extra/extra.drl:10:68: reads setting 'cap.missing', which settings.yaml does not declare; declared:"
                        + " cap.max, cap.window, forgotten, minimumAudienceSize, suppressionWindow",
                "settings.yaml:4:1: warning: setting 'forgotten' is declared but no rule reads it");
    }

    @Test
    void everyTypeOfSetting_isReadFromItsText_andNullTurnsAGroupOff() {
        Compilation result = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", GOOD_RULE),
                "n: 3\nd: P2D\nt: \"07:30\"\nz: Europe/Paris\nb: false\nl: [a, b]\nnothing: null\noff: ~\n"));
        assertThat(result.errors()).isEmpty();
        org.threadgate.model.Settings all = result.policySet().allSettings();
        assertThat(all.integer("n")).isEqualTo(3);
        assertThat(all.duration("d")).isEqualTo(java.time.Duration.ofDays(2));
        assertThat(all.localTime("t")).isEqualTo(java.time.LocalTime.of(7, 30));
        assertThat(all.timeZone("z")).isEqualTo(java.time.ZoneId.of("Europe/Paris"));
        assertThat(all.bool("b")).isFalse();
        assertThat(all.strings("l")).containsExactly("a", "b");
        assertThat(all.integer("nothing")).isNull();
        assertThat(all.isSet("off.anything")).isFalse();
        assertThat(all.shown()).containsEntry("d", "PT48H").containsEntry("z", "Europe/Paris")
                .containsEntry("minimumAudienceSize", 100);
        result.policySet().close();
    }

    @Test
    void emptyPolicySet_isAnError() {
        Compilation result = compiler.compile(PolicySource.of("test", Map.of(), null));
        assertThat(result.succeeded()).isFalse();
        assertThat(result.errors()).singleElement().asString().contains("no rule files");
    }

    @Test
    void missingSettingsFile_meansDefaults() {
        Compilation result = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", GOOD_RULE), null));
        assertThat(result.errors()).isEmpty();
        assertThat(result.policySet().settings()).isEqualTo(PolicySettings.DEFAULTS);
        result.policySet().close();
    }

    @Test
    void versionIsAContentHash_ofRulesAndSettings() {
        PolicySource bundled = PolicySource.bundled();
        String v1 = compiler.compile(bundled).policySet().version();
        String v2 = compiler.compile(PolicySource.bundled()).policySet().version();
        assertThat(v1).isEqualTo(v2).matches("[0-9a-f]{12}");

        String otherSettings = compiler.compile(PolicySource.of("x", bundled.ruleFiles(),
                BundledPolicies.bundledSettingsWith("minimumAudienceSize: 100", "minimumAudienceSize: 101")))
                .policySet().version();
        assertThat(otherSettings).isNotEqualTo(v1);

        Map<String, String> edited = new TreeMap<>(bundled.ruleFiles());
        edited.put("extra/extra.drl", GOOD_RULE);
        assertThat(compiler.compile(PolicySource.of("x", edited, bundled.settings())).policySet().version())
                .isNotEqualTo(v1);
    }

    /** A setting left out of the version hash would reload as UNCHANGED and never go live. */
    @Test
    void changingAnySetting_changesTheVersion_andTheSettingReadsBack() {
        PolicySource bundled = PolicySource.bundled();
        PolicySet base = compiler.compile(bundled).policySet();
        for (org.threadgate.model.Settings.Entry entry : base.allSettings().entries()) {
            String name = entry.name().substring(entry.name().lastIndexOf('.') + 1);
            String written = name + ": " + (entry.type() == org.threadgate.model.Settings.Type.LOCAL_TIME
                    ? "\"" + entry.shown() + "\"" : entry.shown() == null ? "null" : entry.shown());
            String other = otherValue(entry);
            Compilation changed = compiler.compile(PolicySource.of("x", bundled.ruleFiles(),
                    BundledPolicies.bundledSettingsWith(written, name + ": " + other)));
            assertThat(changed.errors()).as(entry.name()).isEmpty();
            assertThat(String.valueOf(changed.policySet().allSettings().shown().get(entry.name())))
                    .as(entry.name()).isEqualTo(other.replace("\"", ""));
            assertThat(changed.policySet().version()).as("version after changing %s", entry.name())
                    .isNotEqualTo(base.version());
            changed.policySet().close();
        }
        base.close();
    }

    /** Another valid value for a setting; a setting of a new type needs a line here. */
    private static String otherValue(org.threadgate.model.Settings.Entry entry) {
        return switch (entry.type()) {
            case INTEGER -> String.valueOf((Integer) entry.value() + 1);
            case DURATION -> ((java.time.Duration) entry.value()).plusMinutes(1).toString();
            case LOCAL_TIME -> "\"" + ((java.time.LocalTime) entry.value()).plusMinutes(1) + "\"";
            case BOOLEAN -> String.valueOf(!(Boolean) entry.value());
            case NULL -> "Europe/Paris"; // the bundled null is quietHours.defaultZone
            default -> throw new AssertionError("no other value known for setting " + entry.name() + " ("
                    + entry.type() + "): add one to this test");
        };
    }

    @Test
    void directorySource_readsEveryDrlAndTheSettings(@TempDir Path dir) throws Exception {
        Files.createDirectories(dir.resolve("extra"));
        Files.writeString(dir.resolve("extra/extra.drl"), GOOD_RULE);
        Files.writeString(dir.resolve("settings.yaml"), "minimumAudienceSize: 7\n");
        Files.writeString(dir.resolve("README.txt"), "not a rule file");
        PolicySource source = PolicySource.directory(dir);
        assertThat(source.ruleFiles()).containsOnlyKeys("extra/extra.drl");
        Compilation result = compiler.compile(source);
        assertThat(result.errors()).isEmpty();
        assertThat(result.policySet().settings().minimumAudienceSize()).isEqualTo(7);
        assertThat(result.policySet().rules()).extracting(RuleInfo::code).containsExactly("BUSINESS_NAMED_X");
    }

    @Test
    void compiledModules_doNotStayInTheKieRepository() {
        PolicySet set = compiler.compile(PolicySource.of("test", Map.of("extra/extra.drl", GOOD_RULE), null))
                .policySet();
        assertThat(KieServices.Factory.get().getRepository().getKieModule(set.releaseId())).isNull();
        // the module is gone, yet the compiled set keeps deciding
        assertThat(set.decideCampaign(Scenario.deliverable().campaignRequest()).outcome())
                .isEqualTo(org.threadgate.model.CampaignOutcome.APPROVE);
        set.close();
    }
}
