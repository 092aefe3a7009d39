package org.threadgate.facade.decisionlog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import com.fasterxml.jackson.databind.JsonNode;
import org.threadgate.engine.PolicySet;
import org.threadgate.facade.json.RequestCodec;
import org.threadgate.model.CampaignDecision;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.Reason;

/** A logged decision evaluated again from its record alone, and compared with what was logged. */
public final class Replay {
    private Replay() {
    }

    /**
     * What a record's facts decide under {@code set}: outcome, reasons (code and retryAt, in order) and retryAt.
     *
     * @param record a decision record as the log keeps it
     * @param set    the set to decide it under
     * @return the verdict
     */
    public static Verdict evaluate(JsonNode record, PolicySet set) {
        JsonNode request = record.get("request");
        Instant at = Instant.parse(request.get("at").asText());
        if (LogRecord.CAMPAIGN.equals(record.path("kind").asText())) {
            return verdict(set.decideCampaign(RequestCodec.campaign(request, at)));
        }
        return verdict(set.decideDelivery(RequestCodec.delivery(request, at)));
    }

    /**
     * A delivery decision in the terms replay compares.
     *
     * @param d the decision
     * @return its verdict
     */
    public static Verdict verdict(DeliveryDecision d) {
        return new Verdict(d.outcome().name(), reasons(d.reasons()), d.retryAt());
    }

    /**
     * A campaign decision in the terms replay compares.
     *
     * @param d the decision
     * @return its verdict
     */
    public static Verdict verdict(CampaignDecision d) {
        return new Verdict(d.outcome().name(), reasons(d.reasons()), null);
    }

    /**
     * What the record says was decided, in the same terms.
     *
     * @param record a decision record as the log keeps it
     * @return its logged verdict
     */
    public static Verdict logged(JsonNode record) {
        List<ReasonVerdict> reasons = new ArrayList<>();
        for (JsonNode reason : record.path("reasons")) {
            JsonNode retry = reason.get("retryAt");
            reasons.add(new ReasonVerdict(reason.get("code").asText(),
                    retry == null || retry.isNull() ? null : Instant.parse(retry.asText())));
        }
        JsonNode retry = record.get("retryAt");
        return new Verdict(record.get("outcome").asText(), reasons,
                retry == null || retry.isNull() ? null : Instant.parse(retry.asText()));
    }

    private static List<ReasonVerdict> reasons(List<Reason> reasons) {
        return reasons.stream().map(r -> new ReasonVerdict(r.code(), r.retryAt())).toList();
    }

    /**
     * A reason as replay compares it.
     *
     * @param code    the reason code
     * @param retryAt its retryAt, or {@code null}
     */
    public record ReasonVerdict(String code, Instant retryAt) {
    }

    /**
     * A decision as replay compares it.
     *
     * @param outcome the outcome
     * @param reasons the reasons, in order
     * @param retryAt the decision's retryAt, or {@code null}
     */
    public record Verdict(String outcome, List<ReasonVerdict> reasons, Instant retryAt) {
        /**
         * Its reason codes.
         *
         * @return the codes
         */
        public java.util.Set<String> codes() {
            java.util.Set<String> codes = new java.util.HashSet<>();
            reasons.forEach(r -> codes.add(r.code()));
            return codes;
        }
    }
}
