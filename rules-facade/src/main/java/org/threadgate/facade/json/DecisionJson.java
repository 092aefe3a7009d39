package org.threadgate.facade.json;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.Reason;

/**
 * The JSON shapes of decisions, the public answer format, mapped from the model and nothing more: written by the HTTP
 * API, the command line and the Flink audience job alike (one codec per shape).
 */
public final class DecisionJson {
    private DecisionJson() {
    }

    /**
     * One reason of a decision.
     *
     * @param code    the stable reason code
     * @param rule    the rule that recorded it
     * @param message its message
     * @param retryAt when it stops applying, for a time-bound reason (else absent)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReasonJson(String code, String rule, String message, Instant retryAt) {
        static List<ReasonJson> of(List<Reason> reasons) {
            return reasons.stream().map(r -> new ReasonJson(r.code(), r.rule(), r.message(), r.retryAt())).toList();
        }
    }

    /**
     * A delivery decision's answer.
     *
     * @param decisionId    the decision's id
     * @param outcome       DELIVER or SUPPRESS
     * @param reasons       every reason, ordered by code
     * @param retryAt       when the same facts become deliverable, if every reason is time-bound
     * @param policyVersion the version that decided
     * @param evaluatedAt   the evaluation instant
     * @param firedRules    the rules that fired
     * @param recorded      with {@code record: true}: whether a delivery was recorded (else absent)
     * @param eventId       the recorded delivery's event id (else absent)
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(String decisionId, String outcome, List<ReasonJson> reasons, Instant retryAt,
                           String policyVersion, Instant evaluatedAt, List<String> firedRules, Boolean recorded,
                           String eventId) {
    }

    /**
     * A campaign decision's answer.
     *
     * @param decisionId    the decision's id
     * @param outcome       APPROVE or REJECT
     * @param reasons       every reason, ordered by code
     * @param policyVersion the version that decided
     * @param evaluatedAt   the evaluation instant
     * @param firedRules    the rules that fired
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Campaign(String decisionId, String outcome, List<ReasonJson> reasons, String policyVersion,
                           Instant evaluatedAt, List<String> firedRules) {
    }

    /**
     * One recipient's decision inside a batch answer, an audience stream or the Flink job's output.
     *
     * @param decisionId    the decision's id
     * @param personId      the recipient
     * @param outcome       DELIVER or SUPPRESS
     * @param reasons       every reason, ordered by code
     * @param retryAt       when the same facts become deliverable, if every reason is time-bound
     * @param policyVersion the version that decided, on each line where versions may change mid-stream (the Flink
     *                      job); absent where the summary names the one version
     */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchItem(String decisionId, String personId, String outcome, List<ReasonJson> reasons,
                            Instant retryAt, String policyVersion) {
    }

    /**
     * Counts of a batch.
     *
     * @param deliver  how many DELIVER
     * @param suppress how many SUPPRESS
     * @param byReason how many had each reason code
     */
    public record Summary(long deliver, long suppress, Map<String, Long> byReason) {
    }

    /**
     * The JSON form of a batch's answer.
     *
     * @param policyVersion the version that decided the whole batch
     * @param summary       its counts
     * @param decisions     one per recipient, in input order
     */
    public record Batch(String policyVersion, Summary summary, List<BatchItem> decisions) {
    }

    /**
     * The last line of a streamed batch or an audience stream.
     *
     * @param policyVersion the version that decided the whole stream
     * @param summary       its counts
     */
    public record SummaryLine(String policyVersion, Summary summary) {
    }

    /**
     * A delivery decision's answer.
     *
     * @param decisionId the decision's id
     * @param d          the decision
     * @return its answer
     */
    public static Delivery delivery(String decisionId, DeliveryDecision d) {
        return new Delivery(decisionId, d.outcome().name(), ReasonJson.of(d.reasons()), d.retryAt(),
                d.policyVersion(), d.evaluatedAt(), d.firedRules(), null, null);
    }

    /**
     * A decision asked to be recorded.
     *
     * @param decisionId the decision's id
     * @param d          the decision
     * @param eventId    the recorded delivery's event, or {@code null} when none was recorded
     * @return its answer
     */
    public static Delivery recorded(String decisionId, DeliveryDecision d, String eventId) {
        return new Delivery(decisionId, d.outcome().name(), ReasonJson.of(d.reasons()), d.retryAt(),
                d.policyVersion(), d.evaluatedAt(), d.firedRules(), eventId != null, eventId);
    }

    /**
     * A campaign decision's answer.
     *
     * @param decisionId the decision's id
     * @param d          the decision
     * @return its answer
     */
    public static Campaign campaign(String decisionId, CampaignDecision d) {
        return new Campaign(decisionId, d.outcome().name(), ReasonJson.of(d.reasons()), d.policyVersion(),
                d.evaluatedAt(), d.firedRules());
    }

    /**
     * One line of a batch whose summary names its version.
     *
     * @param decisionId the decision's id
     * @param d          the decision
     * @return the line
     */
    public static BatchItem item(String decisionId, DeliveryDecision d) {
        return new BatchItem(decisionId, d.personId(), d.outcome().name(), ReasonJson.of(d.reasons()), d.retryAt(),
                null);
    }

    /**
     * One line of a stream whose version may change from line to line (the Flink audience job).
     *
     * @param decisionId the decision's id
     * @param d          the decision
     * @return the line, naming the version that made it
     */
    public static BatchItem versionedItem(String decisionId, DeliveryDecision d) {
        return new BatchItem(decisionId, d.personId(), d.outcome().name(), ReasonJson.of(d.reasons()), d.retryAt(),
                d.policyVersion());
    }

    /** Counts a batch's outcomes and reasons as decisions go by. Not thread-safe: one per batch. */
    public static final class Tally {
        private long deliver;
        private long suppress;
        private final Map<String, Long> byReason = new TreeMap<>();

        /** An empty tally. */
        public Tally() {
        }

        /**
         * Counts one decision.
         *
         * @param d the decision
         */
        public void add(DeliveryDecision d) {
            if (d.outcome() == DeliveryOutcome.DELIVER) {
                deliver++;
            } else {
                suppress++;
            }
            for (Reason reason : d.reasons()) {
                byReason.merge(reason.code(), 1L, Long::sum);
            }
        }

        /**
         * The counts so far.
         *
         * @return the summary
         */
        public Summary summary() {
            return new Summary(deliver, suppress, java.util.Collections.unmodifiableMap(new TreeMap<>(byReason)));
        }
    }
}
