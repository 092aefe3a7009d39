package org.threadgate.server.decisionlog;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.ledger.KafkaAddress;

/**
 * The decision log on a Kafka topic ({@code --decision-log kafka://BROKERS/TOPIC}): each record is one message, its
 * value the record's line exactly as the file log and {@code decisions export} write it, its key the decision id.
 * Written by an idempotent producer with {@code acks=all}; a batch returns only when the broker has acknowledged
 * every record, and fails otherwise (the log's writer then tries the batch again: a record the broker had taken in
 * the failed attempt can then be on the topic twice, which {@link #read} drops by decision id). Retention is the
 * topic's ({@code retention.ms}), not {@code --decision-log-retention}. Records from every instance, and from the Flink
 * audience job, can share one topic; {@code threadgate impact --log kafka://…} replays it.
 */
public final class KafkaSink implements DecisionSink {
    private final KafkaAddress address;
    private final KafkaProducer<String, String> producer;

    /**
     * A producer for {@code address}.
     *
     * @param address the topic
     */
    public KafkaSink(KafkaAddress address) {
        this.address = address;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address.brokers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 20_000);
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 60_000);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "threadgate-decision-log");
        producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    @Override
    public void write(List<LogRecord> records) throws Exception {
        List<Future<RecordMetadata>> sent = new ArrayList<>(records.size());
        for (LogRecord record : records) {
            sent.add(producer.send(new ProducerRecord<>(address.topic(), record.decisionId(), record.json())));
        }
        for (Future<RecordMetadata> ack : sent) {
            ack.get(60, TimeUnit.SECONDS);
        }
    }

    @Override
    public long deleteBefore(Instant cutoff) {
        return -1; // the topic's own retention applies
    }

    @Override
    public String describe() {
        return "Kafka topic " + address.topic() + " on " + address.brokers();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }

    /**
     * Every record on the topic, from its beginning to its end as it is when the call starts, each line once (a
     * repeat of a decision id, from a retried batch, is dropped), handed to {@code each} in partition order.
     *
     * @param address the topic
     * @param each    receives each record's line
     * @return how many lines were handed over
     */
    public static long read(KafkaAddress address, Consumer<String> each) {
        return read(address, true, each);
    }

    /**
     * Every message on the topic, from its beginning to its end as it is when the call starts, in partition order.
     *
     * @param address     the topic
     * @param oncePerKey  whether a repeated key is dropped (a decision topic, keyed by decision id)
     * @param each        receives each message's value
     * @return how many values were handed over
     */
    public static long read(KafkaAddress address, boolean oncePerKey, Consumer<String> each) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, address.brokers());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5_000);
        java.util.Set<String> seen = new java.util.HashSet<>();
        long handed = 0;
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(p, new StringDeserializer(),
                new StringDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(address.topic(), Duration.ofSeconds(30))
                    .stream().map(info -> new TopicPartition(address.topic(), info.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (partitions.stream().anyMatch(tp -> consumer.position(tp) < ends.get(tp))) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(500))) {
                    if (record.offset() < ends.get(new TopicPartition(record.topic(), record.partition()))
                            && (!oncePerKey || record.key() == null || seen.add(record.key()))) {
                        each.accept(record.value());
                        handed++;
                    }
                }
            }
        }
        return handed;
    }
}
