package org.threadgate.server.impact;

import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonPropertyOrder;

/**
 * What a candidate policy set would have decided differently over logged traffic: the stable JSON form of
 * {@code threadgate impact --format json}, which a CI pipeline can gate a policy change on. Every count is over the
 * records replayed; "before" is what was logged (and fidelity checks that the logged version still decides so).
 *
 * @param candidateVersion the candidate's policy version
 * @param records          records replayed
 * @param unchanged        same outcome and the same reasons (codes and retryAt)
 * @param changed          everything else: the sum of {@code transitions}
 * @param transitions      changed records by kind: DELIVER->SUPPRESS, SUPPRESS->DELIVER, APPROVE->REJECT,
 *                         REJECT->APPROVE, SAME_OUTCOME_OTHER_REASONS (every key always present)
 * @param reasons          per reason code, how many records gain it and how many lose it (codes that changed only)
 * @param campaigns        the 20 campaigns with the most changed records, most first (then by id)
 * @param examples         up to 5 decision ids per transition, in log order
 * @param fidelity         the records evaluated again under their own recorded version
 */
@JsonPropertyOrder({"candidateVersion", "records", "unchanged", "changed", "transitions", "reasons", "campaigns",
        "examples", "fidelity"})
public record ImpactReport(String candidateVersion, long records, long unchanged, long changed,
                           Map<String, Long> transitions, Map<String, CodeChange> reasons,
                           List<CampaignImpact> campaigns, Map<String, List<String>> examples, Fidelity fidelity) {
    public static final String DELIVER_TO_SUPPRESS = "DELIVER->SUPPRESS";
    public static final String SUPPRESS_TO_DELIVER = "SUPPRESS->DELIVER";
    public static final String APPROVE_TO_REJECT = "APPROVE->REJECT";
    public static final String REJECT_TO_APPROVE = "REJECT->APPROVE";
    public static final String OTHER_REASONS = "SAME_OUTCOME_OTHER_REASONS";
    public static final List<String> TRANSITIONS = List.of(DELIVER_TO_SUPPRESS, SUPPRESS_TO_DELIVER,
            APPROVE_TO_REJECT, REJECT_TO_APPROVE, OTHER_REASONS);

    /** How many records gain a reason code under the candidate, and how many lose it. */
    public record CodeChange(long gained, long lost) {
    }

    /** One campaign's records: replayed, changed, and how many were deliverable (or approved) before and after. */
    @JsonPropertyOrder({"campaignId", "replayed", "changed", "deliverableBefore", "deliverableAfter"})
    public record CampaignImpact(String campaignId, long replayed, long changed, long deliverableBefore,
                                 long deliverableAfter) {
    }

    /**
     * The same records under their own recorded versions. {@code checked} were evaluated; {@code mismatched} did not
     * reproduce the logged outcome and reasons (non-determinism, or a version whose files were changed);
     * {@code unverifiable} name a version this database never stored (or no database was given).
     */
    @JsonPropertyOrder({"checked", "mismatched", "unverifiable", "mismatchedIds"})
    public record Fidelity(long checked, long mismatched, long unverifiable, List<String> mismatchedIds) {
    }
}
