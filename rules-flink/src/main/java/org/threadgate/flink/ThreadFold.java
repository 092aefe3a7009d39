package org.threadgate.flink;

import java.time.Duration;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;

/**
 * The ledger's fold, keyed by thread: each event is folded into the thread's state with {@link ThreadState#apply}, the
 * same code the single-node ledger runs (order-independent and idempotent, so a redelivered or late event changes
 * nothing). Each change goes out as the thread's new state; a change of audience membership also goes out, on
 * {@link #MEMBERSHIP}, as +1 or -1 for the business. The state lives in Flink's keyed state and is checkpointed.
 */
final class ThreadFold extends KeyedProcessFunction<String, Tuple2<String, String>, Tuple2<String, String>> {
    /** Audience membership changes: business id and +1 or -1. */
    static final OutputTag<Tuple2<String, Integer>> MEMBERSHIP = new OutputTag<>("membership",
            org.apache.flink.api.common.typeinfo.Types.TUPLE(org.apache.flink.api.common.typeinfo.Types.STRING,
                    org.apache.flink.api.common.typeinfo.Types.INT));

    private final long retentionMillis;
    private transient ValueState<String> state;

    ThreadFold(Duration retention) {
        this.retentionMillis = retention.toMillis();
    }

    @Override
    public void open(OpenContext context) {
        state = getRuntimeContext().getState(new ValueStateDescriptor<>("thread", String.class));
    }

    @Override
    public void processElement(Tuple2<String, String> keyedLine, Context ctx, Collector<Tuple2<String, String>> out)
            throws Exception {
        MessagingEvent event = Events.event(keyedLine.f1);
        if (event == null) {
            return; // keyed() let only valid events through; a line can only fail here if it changed in flight
        }
        String stored = state.value();
        ThreadState before = stored == null ? ThreadState.empty(event.businessId(), event.personId())
                : Events.thread(stored);
        ThreadState after = before.apply(event, Duration.ofMillis(retentionMillis));
        if (stored != null && after.equals(before)) {
            return;
        }
        String json = Events.write(after);
        state.update(json);
        out.collect(Tuple2.of(keyedLine.f0, json));
        int delta = (after.audienceMember() ? 1 : 0) - (before.audienceMember() ? 1 : 0);
        if (delta != 0) {
            ctx.output(MEMBERSHIP, Tuple2.of(event.businessId(), delta));
        }
    }
}
