package org.threadgate.service;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;

import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;

/**
 * The Java facade other services call. It holds no policy logic: it hands each request to the live policy set. Each
 * call reads the live set once, so a decision is made entirely by one version even while the set is replaced.
 */
public final class DeliveryPolicyService implements AutoCloseable {
    private final AtomicReference<PolicySet> live;

    public DeliveryPolicyService(PolicySet policies) {
        this.live = new AtomicReference<>(Objects.requireNonNull(policies, "policies"));
    }

    /** A service whose policies are still compiling: it answers once {@link #replace} has given it a set. */
    public DeliveryPolicyService() {
        this.live = new AtomicReference<>();
    }

    /** True once a compiled policy set is live. */
    public boolean isReady() {
        return live.get() != null;
    }

    /** A service on the bundled policy set; fails with every problem if it does not compile. */
    public static DeliveryPolicyService bundled() {
        Compilation compilation = new PolicyCompiler().compile(PolicySource.bundled());
        if (!compilation.succeeded()) {
            throw new IllegalStateException("the bundled policy set does not compile: " + compilation.errors());
        }
        return new DeliveryPolicyService(compilation.policySet());
    }

    /** The live policy set; callers that make several decisions as one unit pin it once. */
    public PolicySet policies() {
        PolicySet set = live.get();
        if (set == null) {
            throw new NotReadyException();
        }
        return set;
    }

    /** Puts {@code next} live in one atomic swap and returns the set it replaced. */
    public PolicySet replace(PolicySet next) {
        return live.getAndSet(Objects.requireNonNull(next, "next"));
    }

    public DeliveryDecision decideDelivery(DeliveryRequest request) {
        return policies().decideDelivery(request);
    }

    public CampaignDecision decideCampaign(CampaignRequest request) {
        return policies().decideCampaign(request);
    }

    /** One business and campaign, many recipients: a decision for each, in input order. */
    public List<DeliveryDecision> decideAudience(CampaignRequest campaign, List<Recipient> recipients) {
        return policies().decideAudience(campaign, recipients);
    }

    /** The streaming form: decisions go to {@code sink} in input order, in memory bounded whatever the count. */
    public void decideAudience(CampaignRequest campaign, Iterator<Recipient> recipients,
                               Consumer<DeliveryDecision> sink) {
        policies().decideAudience(campaign, recipients, sink);
    }

    @Override
    public void close() {
        PolicySet set = live.getAndSet(null);
        if (set != null) {
            set.close();
        }
    }
}
