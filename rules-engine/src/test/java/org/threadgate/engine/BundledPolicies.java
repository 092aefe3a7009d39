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
