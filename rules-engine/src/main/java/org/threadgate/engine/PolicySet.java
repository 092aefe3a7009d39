package org.threadgate.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.kie.api.KieBase;
import org.kie.api.builder.ReleaseId;
import org.kie.api.runtime.KieSession;
import org.kie.api.runtime.KieSessionsPool;
import org.threadgate.model.Block;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.CampaignOutcome;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.DeliveryRequest;
import org.threadgate.model.EvaluationTime;
import org.threadgate.model.PolicySettings;
import org.threadgate.model.Reason;
import org.threadgate.model.Reasons;
import org.threadgate.model.Recipient;

/**
 * One immutable, compiled version of the policies. Thread-safe: the KieBase is shared, and each evaluation takes a
 * session of its own from a pool and gives it back reset.
 *
 * <p>An evaluation inserts the business, campaign, settings and instant once, then a chunk of recipients, so that
 * campaign-level rules fire once per chunk rather than once per recipient.
 */
public final class PolicySet implements AutoCloseable {
    /** Recipients per session: small sessions are far faster than one holding a whole audience. */
    static final int CHUNK_SIZE = 1_000;

    private final String version;
    private final String origin;
    private final Instant loadedAt;
    private final PolicySettings settings;
    private final List<RuleInfo> rules;
    private final Map<String, RuleInfo> rulesByName;
    private final KieBase kieBase;
    private final KieSessionsPool sessions;
    private final ReleaseId releaseId;

    PolicySet(String version, String origin, Instant loadedAt, PolicySettings settings, List<RuleInfo> rules,
              KieBase kieBase, ReleaseId releaseId) {
        this.releaseId = releaseId;
        this.version = version;
        this.origin = origin;
        this.loadedAt = loadedAt;
        this.settings = settings;
        this.rules = List.copyOf(rules);
        this.rulesByName = rules.stream().collect(Collectors.toUnmodifiableMap(RuleInfo::name, Function.identity()));
        this.kieBase = kieBase;
        this.sessions = kieBase.newKieSessionsPool(Runtime.getRuntime().availableProcessors());
    }

    public String version() {
        return version;
    }

    public String origin() {
        return origin;
    }

    public Instant loadedAt() {
        return loadedAt;
    }

    public PolicySettings settings() {
        return settings;
    }

    /** Every rule of the set with its metadata, ordered by package then name. */
    public List<RuleInfo> rules() {
        return rules;
    }

    KieBase kieBase() {
        return kieBase;
    }

    /** The module this set was built as; it is removed from the KieRepository right after the build. */
    ReleaseId releaseId() {
        return releaseId;
    }

    public CampaignDecision decideCampaign(CampaignRequest request) {
        ChunkResult result = evaluate(request, List.of());
        List<Reason> reasons = result.reasons(null);
        return new CampaignDecision(request.campaign().id(),
                reasons.isEmpty() ? CampaignOutcome.APPROVE : CampaignOutcome.REJECT, reasons, version,
                request.at(), result.firedRules(null));
    }

    public DeliveryDecision decideDelivery(DeliveryRequest request) {
        ChunkResult result = evaluate(request.campaign(), List.of(request.recipient()));
        return result.decision(request.recipient().person().id());
    }

    /** Decides for every recipient, in input order. */
    public List<DeliveryDecision> decideAudience(CampaignRequest campaign, List<Recipient> recipients) {
        List<DeliveryDecision> decisions = new ArrayList<>(recipients.size());
        decideAudience(campaign, recipients.iterator(), decisions::add);
        return decisions;
    }

    /**
     * Decides for every recipient the iterator yields, handing each decision to {@code sink} in input order. Memory
     * stays bounded by the chunk size whatever the audience size.
     */
    public void decideAudience(CampaignRequest campaign, Iterator<Recipient> recipients,
                               Consumer<DeliveryDecision> sink) {
        List<Recipient> chunk = new ArrayList<>(CHUNK_SIZE);
        Set<String> people = new HashSet<>();
        while (recipients.hasNext()) {
            Recipient recipient = recipients.next().requireBusiness(campaign.business().id());
            // The same person twice in one session would merge their facts: start a new chunk instead.
            if (chunk.size() == CHUNK_SIZE || !people.add(recipient.person().id())) {
                flush(campaign, chunk, sink);
                people.clear();
                people.add(recipient.person().id());
            }
            chunk.add(recipient);
        }
        flush(campaign, chunk, sink);
    }

    private void flush(CampaignRequest campaign, List<Recipient> chunk, Consumer<DeliveryDecision> sink) {
        if (chunk.isEmpty()) {
            return;
        }
        ChunkResult result = evaluate(campaign, chunk);
        for (Recipient recipient : chunk) {
            sink.accept(result.decision(recipient.person().id()));
        }
        chunk.clear();
    }

    private ChunkResult evaluate(CampaignRequest campaign, List<Recipient> recipients) {
        ChunkResult result = new ChunkResult(campaign.at());
        KieSession session = sessions.newKieSession();
        FiringRecorder recorder = new FiringRecorder(result);
        session.addEventListener((org.kie.api.event.rule.AgendaEventListener) recorder);
        session.addEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) recorder);
        try {
            session.insert(new EvaluationTime(campaign.at()));
            session.insert(settings);
            session.insert(campaign.business());
            session.insert(campaign.campaign());
            for (Recipient recipient : recipients) {
                session.insert(recipient.person());
                if (recipient.conversation() != null) {
                    session.insert(recipient.conversation());
                }
                for (Block block : recipient.blocks()) {
                    session.insert(block);
                }
            }
            session.fireAllRules();
        } finally {
            session.removeEventListener((org.kie.api.event.rule.AgendaEventListener) recorder);
            session.removeEventListener((org.kie.api.event.rule.RuleRuntimeEventListener) recorder);
            session.dispose(); // back to the pool, reset
        }
        return result;
    }

    /** What one session found: violations and fired rules, campaign-wide (key {@code null}) and per person. */
    final class ChunkResult {
        private final Instant at;
        private final Map<String, List<FiringRecorder.Found>> found = new HashMap<>();
        private final Map<String, Set<String>> fired = new HashMap<>();

        ChunkResult(Instant at) {
            this.at = at;
        }

        void violation(String personId, FiringRecorder.Found violation) {
            found.computeIfAbsent(personId, k -> new ArrayList<>(2)).add(violation);
        }

        void fired(String personId, String rule) {
            fired.computeIfAbsent(personId, k -> new HashSet<>()).add(rule);
        }

        List<Reason> reasons(String personId) {
            List<FiringRecorder.Found> all = new ArrayList<>(found.getOrDefault(null, List.of()));
            if (personId != null) {
                all.addAll(found.getOrDefault(personId, List.of()));
            }
            return Explanations.reasons(all, rulesByName);
        }

        List<String> firedRules(String personId) {
            Set<String> names = new HashSet<>(fired.getOrDefault(null, Set.of()));
            if (personId != null) {
                names.addAll(fired.getOrDefault(personId, Set.of()));
            }
            return names.stream().sorted().toList();
        }

        DeliveryDecision decision(String personId) {
            List<Reason> reasons = reasons(personId);
            return new DeliveryDecision(personId,
                    reasons.isEmpty() ? DeliveryOutcome.DELIVER : DeliveryOutcome.SUPPRESS, reasons,
                    Reasons.retryAt(reasons), version, at, firedRules(personId));
        }
    }

    @Override
    public void close() {
        sessions.shutdown();
    }

    @Override
    public String toString() {
        return "PolicySet[" + version + " from " + origin + ", " + rules.size() + " rules]";
    }
}
