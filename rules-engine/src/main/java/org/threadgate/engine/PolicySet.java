package org.threadgate.engine;

import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
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
    /** Chunks of one audience evaluated at once, each in its own session. */
    private static final int PARALLELISM = Math.max(1, Runtime.getRuntime().availableProcessors());
    private static final ExecutorService EVALUATORS = Executors.newFixedThreadPool(PARALLELISM, runnable -> {
        Thread thread = new Thread(runnable, "audience-evaluator");
        thread.setDaemon(true);
        return thread;
    });

    private final String version;
    private final String origin;
    private final Instant loadedAt;
    private final PolicySettings settings;
    private final List<RuleInfo> rules;
    private final Map<String, RuleInfo> rulesByName;
    private final Map<String, MessageTemplate> templates;
    private final Map<String, Integer> ruleIndex;
    private final Map<Long, List<String>> firedLists = new ConcurrentHashMap<>();
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
        this.templates = rules.stream().collect(Collectors.toUnmodifiableMap(RuleInfo::name,
                r -> MessageTemplate.parse(r.message())));
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < rules.size(); i++) {
            index.put(rules.get(i).name(), i);
        }
        this.ruleIndex = Map.copyOf(index);
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
        ChunkResult result = run(request, List.of());
        List<Reason> reasons = result.reasons(-1);
        return new CampaignDecision(request.campaign().id(),
                reasons.isEmpty() ? CampaignOutcome.APPROVE : CampaignOutcome.REJECT, reasons, version,
                request.at(), result.firedRules(-1));
    }

    public DeliveryDecision decideDelivery(DeliveryRequest request) {
        ChunkResult result = run(request.campaign(), List.of(request.recipient()));
        return result.decision(0, request.recipient().person().id());
    }

    /** Decides for every recipient, in input order. */
    public List<DeliveryDecision> decideAudience(CampaignRequest campaign, List<Recipient> recipients) {
        List<DeliveryDecision> decisions = new ArrayList<>(recipients.size());
        decideAudience(campaign, recipients.iterator(), decisions::add);
        return decisions;
    }

    /**
     * Decides for every recipient the iterator yields, handing each decision to {@code sink} in input order, on the
     * caller's thread. Chunks are evaluated on up to one thread per core; memory stays bounded by a few chunks
     * whatever the audience size.
     */
    public void decideAudience(CampaignRequest campaign, Iterator<Recipient> recipients,
                               Consumer<DeliveryDecision> sink) {
        String businessId = campaign.business().id();
        ArrayDeque<Future<List<DeliveryDecision>>> inFlight = new ArrayDeque<>();
        List<Recipient> chunk = new ArrayList<>(CHUNK_SIZE);
        Set<String> people = new HashSet<>();
        try {
            while (recipients.hasNext()) {
                Recipient recipient = recipients.next().requireBusiness(businessId);
                // The same person twice in one session would merge their facts: start a new chunk instead.
                if (chunk.size() == CHUNK_SIZE || !people.add(recipient.person().id())) {
                    submit(campaign, chunk, inFlight, sink);
                    chunk = new ArrayList<>(CHUNK_SIZE);
                    people.clear();
                    people.add(recipient.person().id());
                }
                chunk.add(recipient);
            }
            if (!chunk.isEmpty()) {
                if (inFlight.isEmpty()) {
                    evaluate(campaign, chunk).forEach(sink); // a lone chunk (a single decision): no hand-off
                } else {
                    submit(campaign, chunk, inFlight, sink);
                }
            }
            while (!inFlight.isEmpty()) {
                drainOldest(inFlight, sink);
            }
        } finally {
            inFlight.forEach(f -> f.cancel(false));
        }
    }

    private void submit(CampaignRequest campaign, List<Recipient> chunk,
                        ArrayDeque<Future<List<DeliveryDecision>>> inFlight, Consumer<DeliveryDecision> sink) {
        if (inFlight.size() >= PARALLELISM) {
            drainOldest(inFlight, sink);
        }
        List<Recipient> mine = chunk;
        inFlight.add(EVALUATORS.submit(() -> evaluate(campaign, mine)));
    }

    private static void drainOldest(ArrayDeque<Future<List<DeliveryDecision>>> inFlight,
                                    Consumer<DeliveryDecision> sink) {
        Future<List<DeliveryDecision>> oldest = inFlight.removeFirst();
        try {
            oldest.get().forEach(sink);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while deciding an audience", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException runtime) {
                throw runtime;
            }
            throw new IllegalStateException("audience evaluation failed", e.getCause());
        }
    }

    /** One session for one chunk: the campaign-level facts once, then each recipient's facts. */
    private List<DeliveryDecision> evaluate(CampaignRequest campaign, List<Recipient> recipients) {
        ChunkResult result = run(campaign, recipients);
        List<DeliveryDecision> decisions = new ArrayList<>(recipients.size());
        for (int i = 0; i < recipients.size(); i++) {
            decisions.add(result.decision(i, recipients.get(i).person().id()));
        }
        return decisions;
    }

    private ChunkResult run(CampaignRequest campaign, List<Recipient> recipients) {
        ChunkResult result = new ChunkResult(campaign.at(), recipients);
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

    /**
     * What one session found: violations and fired rules, campaign-wide and per recipient (by position in the
     * chunk; a chunk never holds the same person twice).
     */
    final class ChunkResult {
        private final Instant at;
        private final Map<String, Integer> positions;
        private final List<FiringRecorder.Found> campaignFound = new ArrayList<>(2);
        private final List<FiringRecorder.Found>[] found;
        private long campaignFired;
        private final long[] fired;

        @SuppressWarnings("unchecked")
        ChunkResult(Instant at, List<Recipient> recipients) {
            this.at = at;
            this.positions = new HashMap<>(recipients.size() * 2);
            for (int i = 0; i < recipients.size(); i++) {
                positions.put(recipients.get(i).person().id(), i);
            }
            this.found = new List[recipients.size()];
            this.fired = new long[recipients.size()];
        }

        void violation(String personId, FiringRecorder.Found violation) {
            if (personId == null) {
                campaignFound.add(violation);
                return;
            }
            Integer at = positions.get(personId);
            if (at == null) {
                throw new IllegalStateException("rule " + violation.rule() + " recorded a violation for person "
                        + personId + ", who is not among the recipients");
            }
            if (found[at] == null) {
                found[at] = new ArrayList<>(2);
            }
            found[at].add(violation);
        }

        void fired(String personId, String rule) {
            long bit = 1L << (ruleIndex.getOrDefault(rule, 63) & 63);
            Integer at = personId == null ? null : positions.get(personId);
            if (at == null) {
                campaignFired |= bit;
            } else {
                fired[at] |= bit;
            }
        }

        List<Reason> reasons(int position) {
            List<FiringRecorder.Found> mine = position < 0 ? null : found[position];
            if (campaignFound.isEmpty() && mine == null) {
                return List.of();
            }
            List<FiringRecorder.Found> all = new ArrayList<>(campaignFound);
            if (mine != null) {
                all.addAll(mine);
            }
            return Explanations.reasons(all, rulesByName, templates);
        }

        List<String> firedRules(int position) {
            long mask = campaignFired | (position < 0 ? 0 : fired[position]);
            return firedLists.computeIfAbsent(mask, PolicySet.this::ruleNames);
        }

        DeliveryDecision decision(int position, String personId) {
            List<Reason> reasons = reasons(position);
            return new DeliveryDecision(personId,
                    reasons.isEmpty() ? DeliveryOutcome.DELIVER : DeliveryOutcome.SUPPRESS, reasons,
                    Reasons.retryAt(reasons), version, at, firedRules(position));
        }
    }

    /** The names of the rules whose bits are set, sorted. (Sets of over 63 rules share the last bit.) */
    private List<String> ruleNames(long mask) {
        List<String> names = new ArrayList<>();
        for (RuleInfo rule : rules) {
            if ((mask & (1L << (ruleIndex.get(rule.name()) & 63))) != 0) {
                names.add(rule.name());
            }
        }
        return names.stream().sorted().toList();
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
