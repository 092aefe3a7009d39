package org.threadgate.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;
import org.threadgate.model.Reason;
import org.threadgate.model.Reasons;
import org.threadgate.model.Recipient;

/**
 * What one session found: violations and fired rules, campaign-wide and per recipient (by position in the chunk; a
 * chunk never holds the same person twice). Filled by the {@link FiringRecorder}, read into decisions after.
 */
final class ChunkResult {
    private final PolicySet set;
    private final RuleMasks masks;
    private final Instant at;
    private final boolean worded;
    private final Map<String, Integer> positions;
    private final List<FiringRecorder.Found> campaignFound = new ArrayList<>(2);
    private final List<FiringRecorder.Found>[] found;
    private final long[] campaignFired;
    private final long[] fired;

    @SuppressWarnings("unchecked")
    ChunkResult(PolicySet set, RuleMasks masks, Instant at, List<Recipient> recipients) {
        this(set, masks, at, recipients, true);
    }

    /** With {@code worded} false, reasons carry no message (policy analysis decides millions and reads codes). */
    ChunkResult(PolicySet set, RuleMasks masks, Instant at, List<Recipient> recipients, boolean worded) {
        this.worded = worded;
        this.set = set;
        this.masks = masks;
        this.at = at;
        this.positions = new HashMap<>(recipients.size() * 2);
        for (int i = 0; i < recipients.size(); i++) {
            positions.put(recipients.get(i).person().id(), i);
        }
        this.found = new List[recipients.size()];
        this.campaignFired = new long[masks.words()];
        this.fired = new long[recipients.size() * masks.words()];
    }

    void violation(String personId, FiringRecorder.Found violation) {
        if (personId == null) {
            campaignFound.add(violation);
            return;
        }
        Integer position = positions.get(personId);
        if (position == null) {
            throw new IllegalStateException("rule " + violation.rule().info().name() + " recorded a violation for person "
                    + personId + ", who is not among the recipients");
        }
        if (found[position] == null) {
            found[position] = new ArrayList<>(2);
        }
        found[position].add(violation);
    }

    private java.util.Map<Integer, List<org.threadgate.model.RetryWindow>> windows;

    void window(org.threadgate.model.RetryWindow window) {
        Integer position = positions.get(window.personId());
        if (position != null) {
            if (windows == null) {
                windows = new HashMap<>();
            }
            windows.computeIfAbsent(position, p -> new ArrayList<>(1)).add(window);
        }
    }

    /** The set's entry for a Drools rule. */
    RuleMasks.Entry entry(org.kie.api.definition.rule.Rule rule) {
        return masks.entry(rule);
    }

    void fired(String personId, RuleMasks.Entry rule) {
        Integer position = personId == null ? null : positions.get(personId);
        if (position == null) {
            masks.set(campaignFired, 0, rule);
        } else {
            masks.set(fired, position * masks.words(), rule);
        }
    }

    /** The reasons for the recipient at {@code position}, or the campaign-wide ones for -1. */
    List<Reason> reasons(int position) {
        List<FiringRecorder.Found> mine = position < 0 ? null : found[position];
        if (campaignFound.isEmpty() && mine == null) {
            return List.of();
        }
        List<FiringRecorder.Found> all = new ArrayList<>(campaignFound);
        if (mine != null) {
            all.addAll(mine);
        }
        return Explanations.reasons(all, worded);
    }

    /** The rules that fired for the recipient at {@code position} (campaign-wide ones included), or -1 for none. */
    List<String> firedRules(int position) {
        return position < 0 ? masks.names(campaignFired, 0, null, 0)
                : masks.names(campaignFired, 0, fired, position * masks.words());
    }

    DeliveryDecision decision(int position, String personId) {
        List<Reason> reasons = reasons(position);
        Instant retryAt = Reasons.retryAt(reasons);
        List<org.threadgate.model.RetryWindow> mine = windows == null ? null : windows.get(position);
        if (retryAt != null && mine != null) {
            retryAt = org.threadgate.model.RetryWindow.firstAllowed(retryAt, mine);
        }
        return new DeliveryDecision(personId,
                reasons.isEmpty() ? DeliveryOutcome.DELIVER : DeliveryOutcome.SUPPRESS, reasons,
                retryAt, set.version(), at, firedRules(position));
    }
}
