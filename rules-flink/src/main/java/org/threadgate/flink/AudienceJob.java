package org.threadgate.flink;

import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.datastream.BroadcastStream;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.datastream.SingleOutputStreamOperator;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.ledger.KafkaAddress;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.ThreadState;

/**
 * The audience job: every member of a business's audience (an open thread, neither blocked nor messages off) in the
 * thread states given, decided at one instant for one campaign, in parallel across the cluster; policy sets arrive
 * on a broadcast stream. The decisions are the service's audience-stream lines, each naming its policy version.
 */
final class AudienceJob {
    /**
     * The decisions, the refused policy updates (one JSON line each), and each decision's decision-log record when
     * asked for (else an empty stream).
     */
    record Outputs(DataStream<String> decisions, DataStream<String> refused, DataStream<String> records) {
    }

    private AudienceJob() {
    }

    static Outputs decide(DataStream<String> threadStates, DataStream<String> policyUpdates, String initialPolicies,
                          CampaignRequest campaign, int buckets) {
        return decide(threadStates, policyUpdates, initialPolicies, campaign, buckets, false);
    }

    /** The same; with {@code records}, each decision's decision-log record on {@link Outputs#records}. */
    static Outputs decide(DataStream<String> threadStates, DataStream<String> policyUpdates, String initialPolicies,
                          CampaignRequest campaign, int buckets, boolean records) {
        String businessId = campaign.business().id();
        BroadcastStream<String> policies = policyUpdates.broadcast(AudienceEvaluator.POLICIES);
        SingleOutputStreamOperator<String> decisions = threadStates
                .filter(json -> member(json, businessId)).name("audience members")
                .keyBy(json -> Math.floorMod(personId(json).hashCode(), buckets), Types.INT)
                .connect(policies)
                .process(new AudienceEvaluator(initialPolicies, Campaigns.toJson(campaign), records))
                .returns(Types.STRING).name("decide").uid("decide-audience");
        return new Outputs(decisions, decisions.getSideOutput(AudienceEvaluator.REFUSED),
                decisions.getSideOutput(AudienceEvaluator.RECORDS));
    }

    /**
     * A sink of decision-log records to a Kafka topic, keyed by decision id (at least once: a reader of the topic
     * drops a repeated id, as {@code threadgate impact --log kafka://} does).
     */
    static org.apache.flink.connector.kafka.sink.KafkaSink<String> recordsTo(KafkaAddress address) {
        String topic = address.topic();
        // the broker stamps each message (a decision flushed at the end of the input carries Flink's end-of-time
        // timestamp, which Kafka refuses)
        org.apache.flink.connector.kafka.sink.KafkaRecordSerializationSchema<String> records =
                (record, context, timestamp) -> new org.apache.kafka.clients.producer.ProducerRecord<>(topic, null,
                        null, decisionIdOf(record), record.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        return org.apache.flink.connector.kafka.sink.KafkaSink.<String>builder()
                .setBootstrapServers(address.brokers())
                .setRecordSerializer(records)
                .setDeliveryGuarantee(org.apache.flink.connector.base.DeliveryGuarantee.AT_LEAST_ONCE)
                .build();
    }

    /** The decision id of a record line (its first field, as the log writes it), as bytes. */
    static byte[] decisionIdOf(String record) {
        int start = record.indexOf("\"decisionId\":\"") + 14;
        return record.substring(start, record.indexOf('"', start)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
    }

    /** A policy-update stream that carries none (Flink cannot make a source of an empty collection). */
    static DataStream<String> noUpdates(org.apache.flink.streaming.api.environment.StreamExecutionEnvironment env) {
        return env.fromData(java.util.List.of(""), Types.STRING).filter(update -> !update.isEmpty())
                .name("no policy updates");
    }

    static boolean member(String threadJson, String businessId) {
        if (threadJson == null || threadJson.isBlank()) {
            return false;
        }
        ThreadState state = Events.thread(threadJson);
        return state.businessId().equals(businessId) && state.audienceMember();
    }

    private static String personId(String threadJson) {
        try {
            return Json.MAPPER.readTree(threadJson).path("personId").asText();
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
