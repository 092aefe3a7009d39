package org.threadgate.server.events;

import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;
import org.threadgate.facade.json.Json;
import org.threadgate.facade.ledger.KafkaAddress;
import org.threadgate.facade.ledger.LedgerUnavailableException;
import org.threadgate.model.MessagingEvent;

/**
 * The topic the service's ingested events go to ({@code serve --events-to kafka://BROKERS/TOPIC}): one record per
 * event, keyed by business and person ({@code business/person}, so that one thread's events stay in one partition,
 * in order), its value the event's JSON exactly as {@code POST /v1/events} reads it. The producer is idempotent with
 * {@code acks=all}: a send returns once every in-sync replica has the events, and the producer's own retries never
 * write one twice. When the broker does not acknowledge in time the call fails with
 * {@link LedgerUnavailableException} (503 to the caller, who retries; the fold drops any event it already has).
 */
public final class EventTopic implements AutoCloseable {
    private final KafkaAddress address;
    private final KafkaProducer<String, String> producer;
    private final long timeoutMillis;

    /**
     * A producer for {@code address}.
     *
     * @param address       the topic
     * @param timeoutMillis how long a send may wait for the broker's acknowledgement before it fails
     */
    public EventTopic(KafkaAddress address, long timeoutMillis) {
        this.address = address;
        this.timeoutMillis = timeoutMillis;
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, address.brokers());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 1);
        p.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, timeoutMillis);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMillis));
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) Math.min(Integer.MAX_VALUE, timeoutMillis + 1));
        p.put(ProducerConfig.CLIENT_ID_CONFIG, "threadgate-events");
        this.producer = new KafkaProducer<>(p, new StringSerializer(), new StringSerializer());
    }

    /** The topic's address. */
    public KafkaAddress address() {
        return address;
    }

    /** The record key of an event: its thread (ids never hold a slash). */
    public static String key(MessagingEvent event) {
        return event.businessId() + "/" + event.personId();
    }

    /**
     * Sends the events and waits until the broker has acknowledged all of them.
     *
     * @param events the events, in order
     * @throws LedgerUnavailableException when the broker did not acknowledge them all in time
     */
    public void publish(List<MessagingEvent> events) {
        List<Future<RecordMetadata>> sent = new ArrayList<>(events.size());
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
        try {
            for (MessagingEvent event : events) {
                sent.add(producer.send(new ProducerRecord<>(address.topic(), key(event), Json.write(event))));
            }
            for (Future<RecordMetadata> ack : sent) {
                ack.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw unavailable(e);
        } catch (ExecutionException | TimeoutException | org.apache.kafka.common.KafkaException e) {
            throw unavailable(e);
        }
    }

    private Unavailable unavailable(Exception e) {
        return new Unavailable("the event topic " + address.topic() + " did not acknowledge the events in "
                + timeoutMillis + " ms", e);
    }

    /** The broker did not acknowledge a request's events: some of them may be on the topic, none is lost by a retry. */
    public static final class Unavailable extends LedgerUnavailableException {
        Unavailable(String message, Throwable cause) {
            super(message, cause);
        }
    }

    @Override
    public void close() {
        producer.close(java.time.Duration.ofSeconds(5));
    }
}
