package org.threadgate.server.json;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import com.fasterxml.jackson.annotation.JsonInclude;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.Reason;

/** The JSON shapes of decisions: the public answer format, mapped from the model and nothing more. */
public final class DecisionJson {
    private DecisionJson() {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record ReasonJson(String code, String rule, String message, Instant retryAt) {
        static List<ReasonJson> of(List<Reason> reasons) {
            return reasons.stream().map(r -> new ReasonJson(r.code(), r.rule(), r.message(), r.retryAt())).toList();
        }
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Delivery(String decisionId, String outcome, List<ReasonJson> reasons, Instant retryAt,
                           String policyVersion, Instant evaluatedAt, List<String> firedRules, Boolean recorded,
                           String eventId) {
    }

    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record Campaign(String decisionId, String outcome, List<ReasonJson> reasons, String policyVersion,
                           Instant evaluatedAt, List<String> firedRules) {
    }

    /** One recipient's decision inside a batch answer. */
    @JsonInclude(JsonInclude.Include.NON_NULL)
    public record BatchItem(String decisionId, String personId, String outcome, List<ReasonJson> reasons,
                            Instant retryAt) {
    }

    public record Summary(long deliver, long suppress, Map<String, Long> byReason) {
    }

    public record Batch(String policyVersion, Summary summary, List<BatchItem> decisions) {
    }

    /** The last line of a streamed batch. */
    public record SummaryLine(String policyVersion, Summary summary) {
    }

    public static Delivery delivery(String decisionId, DeliveryDecision d) {
        return new Delivery(decisionId, d.outcome().name(), ReasonJson.of(d.reasons()), d.retryAt(),
                d.policyVersion(), d.evaluatedAt(), d.firedRules(), null, null);
    }

    /** A decision asked to be recorded: {@code eventId} is the recorded delivery's event, or {@code null}. */
    public static Delivery recorded(String decisionId, DeliveryDecision d, String eventId) {
        return new Delivery(decisionId, d.outcome().name(), ReasonJson.of(d.reasons()), d.retryAt(),
                d.policyVersion(), d.evaluatedAt(), d.firedRules(), eventId != null, eventId);
    }

    public static Campaign campaign(String decisionId, CampaignDecision d) {
        return new Campaign(decisionId, d.outcome().name(), ReasonJson.of(d.reasons()), d.policyVersion(),
                d.evaluatedAt(), d.firedRules());
    }

    public static BatchItem item(String decisionId, DeliveryDecision d) {
        return new BatchItem(decisionId, d.personId(), d.outcome().name(), ReasonJson.of(d.reasons()), d.retryAt());
    }

    /** Counts a batch's outcomes and reasons as decisions go by. Not thread-safe: one per batch. */
    public static final class Tally {
        private long deliver;
        private long suppress;
        private final Map<String, Long> byReason = new TreeMap<>();

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

        public Summary summary() {
            return new Summary(deliver, suppress, java.util.Collections.unmodifiableMap(new TreeMap<>(byReason)));
        }
    }
}
