package org.threadgate.flink;

import java.time.Duration;

import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.api.java.tuple.Tuple2;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.connector.file.src.FileSource;
import org.apache.flink.connector.file.src.reader.TextLineInputFormat;
import org.apache.flink.core.fs.Path;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.threadgate.facade.ledger.KafkaAddress;

/**
 * The event job: messaging events (Threadgate's event JSON, one per line) keyed by thread and folded with the
 * ledger's own fold in keyed state; each business's audience size kept from the membership changes. Invalid lines
 * are counted out (a stream processor does not stop for one bad event) and reported by the command line.
 */
final class FoldJob {
    /** The two outputs: thread states by thread key, and audience sizes by business. */
    record Outputs(DataStream<Tuple2<String, String>> threads, DataStream<Tuple2<String, Long>> audiences) {
    }

    private FoldJob() {
    }

    /** NDJSON files (a file or a directory of them), read once: for replay and tests. */
    static DataStream<String> files(StreamExecutionEnvironment env, String path) {
        return env.fromSource(FileSource.forRecordStreamFormat(new TextLineInputFormat(), new Path(path)).build(),
                WatermarkStrategy.noWatermarks(), "events from " + path);
    }

    /**
     * A Kafka topic of event lines. A restore reads on from the offsets in its checkpoint or savepoint, beside the
     * fold's state; a job started without state reads the topic from its beginning, never from the committed offsets
     * of consumer group {@code threadgate-fold} (which are committed with each checkpoint, for monitoring only): a
     * fold that started from them with empty state would write threads holding only the newer events. The topic
     * therefore keeps every event (infinite retention) for as long as a fold may be started afresh.
     * {@code bounded}: stop at the topic's end as it is when the job starts (a replay, a test); otherwise follow it.
     */
    static DataStream<String> kafka(StreamExecutionEnvironment env, KafkaAddress address, boolean bounded) {
        org.apache.flink.connector.kafka.source.KafkaSourceBuilder<String> builder =
                org.apache.flink.connector.kafka.source.KafkaSource.<String>builder()
                        .setBootstrapServers(address.brokers()).setTopics(address.topic()).setGroupId("threadgate-fold")
                        .setStartingOffsets(OffsetsInitializer.earliest())
                        .setValueOnlyDeserializer(new org.apache.flink.api.common.serialization.SimpleStringSchema());
        if (bounded) {
            builder.setBounded(OffsetsInitializer.latest());
        }
        return env.fromSource(builder.build(), WatermarkStrategy.noWatermarks(), "events from " + address);
    }

    /** The source {@code --events} names: {@code kafka://BROKERS/TOPIC}, or a file or directory of NDJSON. */
    static DataStream<String> source(StreamExecutionEnvironment env, String events, boolean bounded) {
        return KafkaAddress.is(events) ? kafka(env, KafkaAddress.parse(events), bounded) : files(env, events);
    }

    /** The fold over {@code lines}, keeping every delivery within {@code retention} of a thread's newest. */
    static Outputs fold(DataStream<String> lines, Duration retention) {
        SingleOutputStreamOperator<Tuple2<String, String>> threads = lines
                .flatMap((String line, org.apache.flink.util.Collector<Tuple2<String, String>> out) -> {
                    Tuple2<String, String> keyed = Events.keyed(line);
                    if (keyed != null) {
                        out.collect(keyed);
                    }
                }).returns(Types.TUPLE(Types.STRING, Types.STRING)).name("read events")
                .keyBy(keyed -> keyed.f0)
                .process(new ThreadFold(retention)).returns(Types.TUPLE(Types.STRING, Types.STRING))
                .name("fold threads").uid("fold-threads");
        DataStream<Tuple2<String, Long>> audiences = threads.getSideOutput(ThreadFold.MEMBERSHIP)
                .keyBy(change -> change.f0)
                .process(new AudienceCount()).returns(Types.TUPLE(Types.STRING, Types.LONG))
                .name("count audiences").uid("count-audiences");
        return new Outputs(threads, audiences);
    }

    /**
     * For a bounded input: each thread's final state once, with its person's deliveries from every business beside
     * it (the audience job's input), from the threads re-keyed by person ({@link PersonStates}).
     */
    static DataStream<String> finalStates(DataStream<Tuple2<String, String>> threads) {
        return threads.keyBy(PersonStates::person).process(new PersonStates()).returns(Types.STRING)
                .name("people's final states").uid("people-final-states");
    }
}
