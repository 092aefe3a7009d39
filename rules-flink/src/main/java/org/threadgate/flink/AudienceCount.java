package org.threadgate.flink;

import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/** Each business's audience size, kept from the membership changes of its threads; every change goes out. */
final class AudienceCount extends KeyedProcessFunction<String, Tuple2<String, Integer>, Tuple2<String, Long>> {
    private transient ValueState<Long> members;

    @Override
    public void open(OpenContext context) {
        members = getRuntimeContext().getState(new ValueStateDescriptor<>("members", Long.class));
    }

    @Override
    public void processElement(Tuple2<String, Integer> change, Context ctx, Collector<Tuple2<String, Long>> out)
            throws Exception {
        Long now = members.value();
        long next = (now == null ? 0 : now) + change.f1;
        members.update(next);
        out.collect(Tuple2.of(change.f0, next));
    }
}
