package org.threadgate.facade;

import java.util.Iterator;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.function.Function;

import org.threadgate.engine.Compilation;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.PolicySource;
import org.threadgate.facade.authoring.Candidate;
import org.threadgate.facade.decision.AudienceRun;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.DecisionIds;
import org.threadgate.facade.decision.DecisionObserver;
import org.threadgate.facade.decision.Observers;
import org.threadgate.facade.decision.Origin;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.Recipient;

/**
 * The Java facade other services call. It holds no policy logic: it hands each request to the live policy set. Each
 * call reads the live set once, so a decision is made entirely by one version even while the set is replaced. Every
 * decision, whatever its form, passes through the {@link DecisionObserver}s given to {@link #observe}.
 */
public final class DeliveryPolicyService implements AutoCloseable {
    private final AtomicReference<PolicySet> live;
    private final DecisionIds ids;
    private final Observers observers = new Observers();

    /**
     * A service whose policies are still compiling: it answers once {@link #replace} has given it a set.
     *
     * @param ids where decision ids come from
     */
    public DeliveryPolicyService(DecisionIds ids) {
        this.live = new AtomicReference<>();
        this.ids = Objects.requireNonNull(ids, "ids");
    }

    /** A service with time-ordered decision ids whose policies are still compiling (see {@link #replace}). */
    public DeliveryPolicyService() {
        this(DecisionIds.TIME_ORDERED);
    }

    /**
     * A service with random decision ids, ready on {@code policies}.
     *
     * @param policies the compiled set to put live
     */
    public DeliveryPolicyService(PolicySet policies) {
        this();
        live.set(Objects.requireNonNull(policies, "policies"));
    }

    /**
     * A service on the bundled policy set; fails with every problem if it does not compile.
     *
     * @return a ready service
     * @throws IllegalStateException when the bundled set does not compile
     */
    public static DeliveryPolicyService bundled() {
        Compilation compilation = new PolicyCompiler().compile(PolicySource.bundled());
        if (!compilation.succeeded()) {
            throw new IllegalStateException("the bundled policy set does not compile: " + compilation.errors());
        }
        return new DeliveryPolicyService(compilation.policySet());
    }

    /**
     * A service on the policy directory {@code dir}, checked as a reload checks it: compiled, linted and run against
     * its own test cases. To follow later changes to the directory, use
     * {@link org.threadgate.facade.authoring.PolicyDirectory#watch} instead.
     *
     * @param dir a policy directory (rule files, {@code settings.yaml}, {@code tests/})
     * @return a ready service
     * @throws PolicyLoadException with every problem when the set cannot go live
     * @throws java.io.IOException when the directory cannot be read
     */
    public static DeliveryPolicyService fromDirectory(java.nio.file.Path dir) throws java.io.IOException {
        Candidate candidate = Candidate.build(new PolicyCompiler(), PolicySource.directory(dir));
        if (!candidate.acceptable()) {
            if (candidate.policySet() != null) {
                candidate.policySet().close();
            }
            throw new PolicyLoadException(dir.toString(), candidate.problems());
        }
        return new DeliveryPolicyService(candidate.policySet());
    }

    /**
     * Adds an observer of every decision from now on.
     *
     * @param observer called for every decision; must be fast, thread-safe and never throw
     * @return this service
     */
    public DeliveryPolicyService observe(DecisionObserver observer) {
        observers.add(Objects.requireNonNull(observer, "observer"));
        return this;
    }

    /**
     * True once a compiled policy set is live.
     *
     * @return whether decisions can be made
     */
    public boolean isReady() {
        return live.get() != null;
    }

    /**
     * The live policy set.
     *
     * @return the set decisions are made with now
     * @throws NotReadyException when none is live yet
     */
    public PolicySet policies() {
        PolicySet set = live.get();
        if (set == null) {
            throw new NotReadyException();
        }
        return set;
    }

    /**
     * Puts {@code next} live in one atomic swap and returns the set it replaced.
     *
     * @param next a compiled set
     * @return the set it replaced, or {@code null} when none was live; the caller closes it
     */
    public PolicySet replace(PolicySet next) {
        return live.getAndSet(Objects.requireNonNull(next, "next"));
    }

    /**
     * One delivery decision, with its id, observed as coming from {@code origin}.
     *
     * @param request the facts
     * @param origin how it was asked
     * @return the decision with its id and facts
     */
    public Decided.Delivery decide(DeliveryRequest request, Origin origin) {
        return observed(set -> set.decideDelivery(request),
                (id, decision, nanos) -> new Decided.Delivery(id, origin, request, decision, nanos));
    }

    /**
     * One campaign decision, with its id, observed as coming from {@code origin}.
     *
     * @param request the facts
     * @param origin how it was asked
     * @return the decision with its id and facts
     */
    public Decided.Campaign decide(CampaignRequest request, Origin origin) {
        return observed(set -> set.decideCampaign(request),
                (id, decision, nanos) -> new Decided.Campaign(id, origin, request, decision, nanos));
    }

    /** How a single decision becomes what observers see. */
    private interface Made<D, X extends Decided> {
        X of(String decisionId, D decision, long nanos);
    }

    /** Evaluates on the live set, timed, then tells the observers. */
    private <D, X extends Decided> X observed(Function<PolicySet, D> evaluate, Made<D, X> made) {
        PolicySet set = policies();
        long start = System.nanoTime();
        D decision = evaluate.apply(set);
        X decided = made.of(ids.get(), decision, System.nanoTime() - start);
        observers.decided(decided);
        return decided;
    }

    /**
     * Starts many delivery decisions for one campaign on the live version, pinned until the run is closed; closing it
     * tells the observers the batch ended.
     *
     * @param campaign the business and campaign every recipient shares
     * @param origin how it was asked; the run adds its batch id
     * @return the run, to be closed by the caller
     */
    public AudienceRun audience(CampaignRequest campaign, Origin origin) {
        return new AudienceRun(policies(), campaign, origin, observers, ids);
    }

    /**
     * A delivery decision for a Java caller; observed like any other when there are observers.
     *
     * @param request the facts
     * @return the decision
     */
    public DeliveryDecision decideDelivery(DeliveryRequest request) {
        return observers.isEmpty() ? policies().decideDelivery(request) : decide(request, Origin.JAVA).decision();
    }

    /**
     * A campaign decision for a Java caller; observed like any other when there are observers.
     *
     * @param request the facts
     * @return the decision
     */
    public CampaignDecision decideCampaign(CampaignRequest request) {
        return observers.isEmpty() ? policies().decideCampaign(request) : decide(request, Origin.JAVA).decision();
    }

    /**
     * One business and campaign, many recipients: a decision for each, in input order.
     *
     * @param campaign the business and campaign
     * @param recipients the people, with their threads and blocks
     * @return one decision per recipient, in input order, all by one policy version
     */
    public List<DeliveryDecision> decideAudience(CampaignRequest campaign, List<Recipient> recipients) {
        try (AudienceRun run = audience(campaign, Origin.of(Origin.Via.JAVA, Origin.Form.BATCH))) {
            return run.decide(recipients).stream().map(Decided.Delivery::decision).toList();
        }
    }

    /**
     * The streaming form: decisions go to {@code sink} in input order, in memory bounded by a few of the engine's
     * chunks whatever the count.
     *
     * @param campaign the business and campaign
     * @param recipients the people, read once, in order
     * @param sink receives each decision on the calling thread, all by one policy version
     */
    public void decideAudience(CampaignRequest campaign, Iterator<Recipient> recipients,
                               Consumer<DeliveryDecision> sink) {
        try (AudienceRun run = audience(campaign, Origin.of(Origin.Via.JAVA, Origin.Form.AUDIENCE))) {
            run.decide(recipients, d -> sink.accept(d.decision()));
        }
    }

    @Override
    public void close() {
        PolicySet set = live.getAndSet(null);
        if (set != null) {
            set.close();
        }
    }
}
