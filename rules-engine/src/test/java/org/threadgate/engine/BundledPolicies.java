package org.threadgate.engine;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;

import org.threadgate.model.CampaignDecision;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.Reason;

/** The bundled policy set, compiled once per test JVM, and helpers that read decisions as sets of codes. */
public final class BundledPolicies {
    private static PolicySet instance;

    private BundledPolicies() {
    }

    public static synchronized PolicySet get() {
        if (instance == null) {
            Compilation compilation = new PolicyCompiler().compile(PolicySource.bundled());
            if (!compilation.succeeded()) {
                throw new AssertionError("the bundled policy set does not compile: " + compilation.problems());
            }
            instance = compilation.policySet();
        }
        return instance;
    }

    /**
     * The bundled rules with other settings, for tests of a policy turned off or retuned; closed by the caller.
     *
     * @param settingsYaml the text of settings.yaml
     */
    public static PolicySet withSettings(String settingsYaml) {
        PolicySource bundled = PolicySource.bundled();
        Compilation compilation = new PolicyCompiler().compile(new PolicySource(bundled.origin(),
                bundled.ruleFiles(), settingsYaml, bundled.testFiles()));
        if (!compilation.succeeded()) {
            throw new AssertionError("the bundled rules do not compile with these settings: " + compilation.problems());
        }
        return compilation.policySet();
    }

    /** The bundled settings with {@code from} replaced by {@code to} (one occurrence, which must exist). */
    public static String bundledSettingsWith(String from, String to) {
        String text = PolicySource.bundled().settings();
        if (!text.contains(from)) {
            throw new AssertionError("settings.yaml has no '" + from + "'");
        }
        return text.replace(from, to);
    }

    public static DeliveryDecision decide(Scenario scenario) {
        return get().decideDelivery(scenario.deliveryRequest());
    }

    public static CampaignDecision decideCampaign(Scenario scenario) {
        return get().decideCampaign(scenario.campaignRequest());
    }

    public static Set<String> codes(List<Reason> reasons) {
        Set<String> codes = new TreeSet<>();
        reasons.forEach(r -> codes.add(r.code()));
        return codes;
    }

    public static Set<String> codes(DeliveryDecision decision) {
        return codes(decision.reasons());
    }
}
