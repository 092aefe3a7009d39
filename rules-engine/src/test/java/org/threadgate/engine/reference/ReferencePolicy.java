package org.threadgate.engine.reference;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.threadgate.model.Block;
import org.threadgate.model.BlockKind;
import org.threadgate.model.CampaignRequest;
import org.threadgate.model.Conversation;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.Objective;
import org.threadgate.model.PolicySettings;
import org.threadgate.model.Recipient;

/**
 * The policy table written out in plain Java: an oracle for the equivalence test and a baseline for the benchmarks.
 * It is never used to decide anything in production.
 */
public final class ReferencePolicy {
    /** What the reference decides: each reason code with its retryAt (or {@code null}), ordered by code. */
    public record Verdict(DeliveryOutcome outcome, Map<String, Instant> reasons, Instant retryAt) {
    }

    private final PolicySettings settings;

    public ReferencePolicy(PolicySettings settings) {
        this.settings = settings;
    }

    /** The campaign-level reasons (no retryAt: none is time-bound). */
    public List<String> campaignReasons(CampaignRequest request) {
        List<String> codes = new ArrayList<>(3);
        if (!request.business().sponsoredMessagesEnabled()) {
            codes.add("ADVERTISER_NOT_ENABLED");
        }
        if (request.campaign().objective() != Objective.MESSAGES) {
            codes.add("OBJECTIVE_NOT_MESSAGES");
        }
        if (request.campaign().audienceSize() < settings.minimumAudienceSize()) {
            codes.add("AUDIENCE_TOO_SMALL");
        }
        return codes;
    }

    public Verdict decide(CampaignRequest request, Recipient recipient) {
        Map<String, Instant> reasons = new TreeMap<>();
        for (String code : campaignReasons(request)) {
            reasons.put(code, null);
        }
        Conversation thread = recipient.conversation();
        Instant last = thread == null ? null : thread.lastPersonInteractionAt();
        if (last == null) {
            reasons.put("NO_OPEN_THREAD", null);
        } else {
            Instant lifts = last.plus(settings.suppressionWindow());
            if (request.at().isBefore(lifts)) {
                reasons.put("WITHIN_SUPPRESSION_WINDOW", lifts);
            }
        }
        for (Block block : recipient.blocks()) {
            reasons.put(block.kind() == BlockKind.BLOCKED_BUSINESS ? "BLOCKED_BUSINESS" : "MESSAGES_TURNED_OFF",
                    null);
        }
        Instant retryAt = null;
        if (!reasons.isEmpty() && reasons.values().stream().allMatch(v -> v != null)) {
            retryAt = reasons.values().stream().max(Instant::compareTo).orElseThrow();
        }
        return new Verdict(reasons.isEmpty() ? DeliveryOutcome.DELIVER : DeliveryOutcome.SUPPRESS, reasons, retryAt);
    }
}
