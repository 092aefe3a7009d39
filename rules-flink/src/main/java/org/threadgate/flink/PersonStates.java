package org.threadgate.flink;

import java.util.ArrayList;
import java.util.List;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.MapState;
import org.apache.flink.api.common.state.MapStateDescriptor;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.threadgate.facade.json.ThreadStateCodec;
import org.threadgate.model.PersonDelivery;
import org.threadgate.model.ThreadState;

/**
 * The fold's person-level history, keyed by person: the latest state of each of the person's threads (one per
 * business) in keyed state, checkpointed with the rest. When a bounded input ends, each thread goes out once with
 * the person's deliveries from every business beside it ({@link ThreadStateCodec#write(ThreadState, List)}), newest
 * first and at most 128, exactly as the service's ledger gathers them ({@link ThreadState#personDeliveries}), so that
 * the audience job's person cap sees what the service's audience stream sees.
 */
final class PersonStates extends KeyedProcessFunction<String, Tuple2<String, String>, String> {
    private transient MapState<String, String> threads;

    @Override
    public void open(OpenContext context) {
        threads = getRuntimeContext().getMapState(new MapStateDescriptor<>("threads by business", Types.STRING,
                Types.STRING));
    }

    /** The person a thread key names ({@link Events#key}: business, a slash, person). */
    static String person(Tuple2<String, String> keyedState) {
        return keyedState.f0.substring(keyedState.f0.indexOf('/') + 1);
    }

    @Override
    public void processElement(Tuple2<String, String> update, Context ctx, Collector<String> out) throws Exception {
        threads.put(update.f0.substring(0, update.f0.indexOf('/')), update.f1);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        List<ThreadState> all = new ArrayList<>();
        for (String json : threads.values()) {
            all.add(Events.thread(json));
        }
        List<PersonDelivery> deliveries = ThreadState.personDeliveries(all);
        for (ThreadState thread : all) {
            out.collect(ThreadStateCodec.write(thread, deliveries));
        }
    }
}
