package org.threadgate.flink;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.Reason;
import org.threadgate.model.Recipient;
import org.threadgate.facade.authoring.Candidate;
import org.threadgate.facade.json.Json;

/**
 * Decides the audience's members in chunks on this task's compiled policy set, the campaign-level facts inserted
 * once per chunk (the engine's audience path). Policy sets arrive on the broadcast stream (the dynamic-rules pattern):
 * each task compiles a new set once, checks it as a reload does (compiled, linted, its own cases run) and only then
 * puts it in use, after deciding what it holds with the set before; a set that fails is refused, reported on
 * {@link #REFUSED}, and the one in use stays. Every decision names the version that made it.
 */
final class AudienceEvaluator extends KeyedBroadcastProcessFunction<Integer, String, String, String> {
    static final MapStateDescriptor<String, String> POLICIES = new MapStateDescriptor<>("policies", Types.STRING,
            Types.STRING);
    /** Policy updates that were refused, with why, one JSON line each. */
    static final OutputTag<String> REFUSED = new OutputTag<>("refused-policies", Types.STRING);
    private static final String CURRENT = "current";

    private final String initialPolicies;
    private final String campaignJson;
    private final int chunkSize;
    private transient CampaignRequest campaign;
    private transient PolicySet inUse;
    private transient String inUseJson;
    private transient List<Recipient> chunk;

    AudienceEvaluator(String initialPolicies, String campaignJson, int chunkSize) {
        this.initialPolicies = initialPolicies;
        this.campaignJson = campaignJson;
        this.chunkSize = chunkSize;
    }

    @Override
    public void open(OpenContext context) {
        campaign = Campaigns.fromJson(campaignJson);
        chunk = new ArrayList<>(chunkSize);
        inUse = compile(initialPolicies);
        inUseJson = initialPolicies;
    }

    private static PolicySet compile(String policiesJson) {
        Candidate candidate = Candidate.build(new PolicyCompiler(), Policies.fromJson(policiesJson));
        if (!candidate.acceptable()) {
            throw new IllegalArgumentException("the policy set cannot go live: " + candidate.problems());
        }
        return candidate.policySet();
    }

    @Override
    public void processElement(String threadJson, ReadOnlyContext ctx, Collector<String> out) throws Exception {
        String latest = ctx.getBroadcastState(POLICIES).get(CURRENT);
        if (latest != null && !latest.equals(inUseJson)) {
            switchTo(latest, out); // after a restore, the broadcast state says what is in use
        }
        chunk.add(Events.thread(threadJson).toRecipient());
        if (chunk.size() >= chunkSize) {
            flush(out);
        }
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of the input flushes what is left
    }

    @Override
    public void processBroadcastElement(String update, Context ctx, Collector<String> out) throws Exception {
        Candidate candidate;
        try {
            candidate = Candidate.build(new PolicyCompiler(), Policies.fromJson(update));
        } catch (RuntimeException e) {
            ctx.output(REFUSED, Json.write(Map.of("problems", List.of(String.valueOf(e.getMessage())))));
            return;
        }
        if (!candidate.acceptable()) {
            if (candidate.policySet() != null) {
                candidate.policySet().close();
            }
            ctx.output(REFUSED, Json.write(Map.of("problems", candidate.problems())));
            return;
        }
        ctx.getBroadcastState(POLICIES).put(CURRENT, update);
        flush(out); // what arrived before the update is decided by the set before it
        if (inUse != null) {
            inUse.close();
        }
        inUse = candidate.policySet();
        inUseJson = update;
    }

    private void switchTo(String policiesJson, Collector<String> out) {
        flush(out);
        if (inUse != null) {
            inUse.close();
        }
        inUse = compile(policiesJson);
        inUseJson = policiesJson;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        flush(out);
    }

    private void flush(Collector<String> out) {
        if (chunk.isEmpty()) {
            return;
        }
        List<DeliveryDecision> decisions = inUse.decideAudience(campaign, chunk);
        for (DeliveryDecision d : decisions) {
            out.collect(line(d));
        }
        chunk = new ArrayList<>(chunkSize);
    }

    /** A decision as the service's audience stream writes it, with the version that made it. */
    static String line(DeliveryDecision d) {
        Map<String, Object> line = new LinkedHashMap<>();
        line.put("decisionId", UUID.randomUUID().toString());
        line.put("personId", d.personId());
        line.put("outcome", d.outcome().name());
        List<Map<String, Object>> reasons = new ArrayList<>();
        for (Reason r : d.reasons()) {
            Map<String, Object> reason = new LinkedHashMap<>();
            reason.put("code", r.code());
            reason.put("rule", r.rule());
            reason.put("message", r.message());
            if (r.retryAt() != null) {
                reason.put("retryAt", r.retryAt());
            }
            reasons.add(reason);
        }
        line.put("reasons", reasons);
        if (d.retryAt() != null) {
            line.put("retryAt", d.retryAt());
        }
        line.put("policyVersion", d.policyVersion());
        return Json.write(line);
    }

    @Override
    public void close() {
        if (inUse != null) {
            inUse.close();
        }
    }
}
