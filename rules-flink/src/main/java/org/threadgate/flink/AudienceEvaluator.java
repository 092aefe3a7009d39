package org.threadgate.flink;

import java.util.List;
import java.util.Map;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.functions.co.KeyedBroadcastProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.threadgate.engine.AudienceStream;
import org.threadgate.engine.PolicyCompiler;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.authoring.Candidate;
import org.threadgate.facade.decision.DecisionIds;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.Origin;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.json.DecisionJson;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.json.ThreadStateCodec;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryRequest;

/**
 * Decides the audience's members on this task's compiled policy set through the engine's audience stream (the
 * engine chooses how many to evaluate together; decisions come out in input order and are sent on within about
 * {@link #LATENCY_MS} ms of processing time, and at the end of the input). Policy sets arrive on the broadcast stream (the dynamic-rules pattern):
 * each task compiles a new set once, checks it as a reload does (compiled, linted, its own cases run) and only then
 * puts it in use, after deciding what it holds with the set before; a set that fails is refused, reported on
 * {@link #REFUSED}, and the one in use stays. Every decision names the version that made it.
 */
final class AudienceEvaluator extends KeyedBroadcastProcessFunction<Integer, String, String, String> {
    static final MapStateDescriptor<String, String> POLICIES = new MapStateDescriptor<>("policies", Types.STRING,
            Types.STRING);
    /** Policy updates that were refused, with why, one JSON line each. */
    static final OutputTag<String> REFUSED = new OutputTag<>("refused-policies", Types.STRING);
    /** Each decision's decision-log record (the log's own format, with the facts it saw), when asked for. */
    static final OutputTag<String> RECORDS = new OutputTag<>("decision-records", Types.STRING);
    private static final Origin ORIGIN = Origin.of(Origin.Via.FLINK, Origin.Form.AUDIENCE);
    private static final String CURRENT = "current";
    /** Decisions held by the stream are sent on at least this often, so that a slow input still sees answers. */
    static final long LATENCY_MS = 100;

    private final String initialPolicies;
    private final String campaignJson;
    private final boolean records;
    /** The members the stream holds, in order: each decision is its oldest one's (for its record). */
    private transient java.util.ArrayDeque<org.threadgate.model.Recipient> awaiting;
    /** Where the records of the call that pushes or flushes go. */
    private transient java.util.function.Consumer<String> recordsOut;
    private transient CampaignRequest campaign;
    private transient PolicySet inUse;
    private transient String inUseJson;
    /** The set in use's stream, opened at the first member after a (re)start or a switch. */
    private transient AudienceStream stream;
    /** Where the stream's decisions go: the collector of the call that pushes or flushes. */
    private transient Collector<String> current;

    AudienceEvaluator(String initialPolicies, String campaignJson, boolean records) {
        this.initialPolicies = initialPolicies;
        this.campaignJson = campaignJson;
        this.records = records;
    }

    @Override
    public void open(OpenContext context) {
        campaign = Campaigns.fromJson(campaignJson);
        awaiting = new java.util.ArrayDeque<>();
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
        recordsOut = record -> ctx.output(RECORDS, record);
        String latest = ctx.getBroadcastState(POLICIES).get(CURRENT);
        if (latest != null && !latest.equals(inUseJson)) {
            switchTo(latest, out); // after a restore, the broadcast state says what is in use
        }
        current = out;
        if (stream == null) {
            stream = inUse.audience(campaign, this::decided);
        }
        org.threadgate.model.Recipient member = ThreadStateCodec.recipient(threadJson);
        awaiting.add(member);
        try {
            stream.accept(member);
        } catch (IllegalArgumentException e) {
            awaiting.removeLast();
            throw e;
        }
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE); // the end of the input flushes what is left
        long now = ctx.timerService().currentProcessingTime();
        ctx.timerService().registerProcessingTimeTimer((now / LATENCY_MS + 1) * LATENCY_MS);
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
        recordsOut = record -> ctx.output(RECORDS, record);
        flush(out); // what arrived before the update is decided by the set before it
        stream = null;
        if (inUse != null) {
            inUse.close();
        }
        inUse = candidate.policySet();
        inUseJson = update;
    }

    private void switchTo(String policiesJson, Collector<String> out) {
        flush(out);
        stream = null;
        if (inUse != null) {
            inUse.close();
        }
        inUse = compile(policiesJson);
        inUseJson = policiesJson;
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) {
        recordsOut = record -> ctx.output(RECORDS, record);
        flush(out);
    }

    /** One decision out: its line, and with {@code records} its decision-log record, under one decision id. */
    private void decided(DeliveryDecision d) {
        org.threadgate.model.Recipient member = awaiting.removeFirst();
        String id = DecisionIds.TIME_ORDERED.get();
        current.collect(line(id, d));
        if (records) {
            recordsOut.accept(LogRecord.of(new Decided.Delivery(id, ORIGIN, new DeliveryRequest(campaign, member), d,
                    0), java.time.Instant.now()).json());
        }
    }

    /** Decides and sends what the stream holds; with a switch of sets coming, ends the stream. */
    private void flush(Collector<String> out) {
        if (stream != null) {
            current = out;
            stream.flush();
        }
    }

    /** A decision as the service's audience stream writes it (one codec), with the version that made it. */
    static String line(String decisionId, DeliveryDecision d) {
        return Json.write(DecisionJson.versionedItem(decisionId, d));
    }

    @Override
    public void close() {
        if (stream != null) {
            stream.abandon(); // the end of the input flushed it; a failing task decides nothing more
        }
        if (inUse != null) {
            inUse.close();
        }
    }
}
