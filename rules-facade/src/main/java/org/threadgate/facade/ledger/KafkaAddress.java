package org.threadgate.facade.ledger;

/**
 * A Kafka topic as the command lines name it: {@code kafka://BROKERS/TOPIC}, for example
 * {@code kafka://broker-1:9092,broker-2:9092/threadgate-events}. One reading of the form for the service's
 * {@code --events-to}, the decision log and the Flink jobs.
 *
 * @param brokers the bootstrap servers, comma-separated host:port
 * @param topic   the topic
 */
public record KafkaAddress(String brokers, String topic) {
    /** The scheme that marks a Kafka address. */
    public static final String SCHEME = "kafka://";

    /**
     * Checks both parts.
     *
     * @param brokers the bootstrap servers, comma-separated host:port
     * @param topic   the topic
     */
    public KafkaAddress {
        if (brokers == null || brokers.isBlank() || topic == null || !topic.matches("[A-Za-z0-9._-]{1,249}")) {
            throw new IllegalArgumentException("a Kafka address is kafka://BROKERS/TOPIC, such as"
                    + " kafka://broker-1:9092,broker-2:9092/threadgate-events (a topic of 1 to 249 of A-Z a-z 0-9 . _ -)");
        }
    }

    /**
     * Whether {@code text} names a Kafka topic (starts with {@code kafka://}).
     *
     * @param text an option's value
     * @return true for a Kafka address
     */
    public static boolean is(String text) {
        return text != null && text.startsWith(SCHEME);
    }

    /**
     * Reads {@code kafka://BROKERS/TOPIC}.
     *
     * @param text the option's value
     * @return the address
     * @throws IllegalArgumentException naming the accepted form when it is not one
     */
    public static KafkaAddress parse(String text) {
        String rest = is(text) ? text.substring(SCHEME.length()) : "";
        int slash = rest.lastIndexOf('/');
        if (slash <= 0) {
            return new KafkaAddress(null, null); // throws, naming the form
        }
        return new KafkaAddress(rest.substring(0, slash), rest.substring(slash + 1));
    }

    @Override
    public String toString() {
        return SCHEME + brokers + "/" + topic;
    }
}
