package org.threadgate.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** The last state of each thread, written once when a bounded input ends (for files, and the audience job). */
final class FinalStates extends KeyedProcessFunction<String, Tuple2<String, String>, String> {
    private transient ValueState<String> last;

    @Override
    public void open(OpenContext context) {
        last = getRuntimeContext().getState(new ValueStateDescriptor<>("last", String.class));
    }

    @Override
    public void processElement(Tuple2<String, String> update, Context ctx, Collector<String> out) throws Exception {
        last.update(update.f1);
        ctx.timerService().registerEventTimeTimer(Long.MAX_VALUE);
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<String> out) throws Exception {
        String state = last.value();
        if (state != null) {
            out.collect(state);
        }
    }
}
