package org.threadgate.engine.reference;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
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
import org.threadgate.model.Settings;
import org.threadgate.model.SponsoredDelivery;

/**
 * The policy table written out in plain Java: an oracle for the equivalence test and a baseline for the benchmarks.
 * It is never used to decide anything in production. It shares no code with the rules' helpers.
 */
public final class ReferencePolicy {
    /** What the reference decides: each reason code with its retryAt (or {@code null}), ordered by code. */
    public record Verdict(DeliveryOutcome outcome, Map<String, Instant> reasons, Instant retryAt) {
    }

    private final int minimumAudienceSize;
    private final Duration suppressionWindow;
    private final Integer capMax;
    private final Duration capWindow;
    private final Integer personMax;
    private final Duration personWindow;
    private final boolean campaignOnce;
    private final LocalTime quietStart;
    private final LocalTime quietEnd;
    private final ZoneId defaultZone;

    /** The seven original policies only, with these numbers (the anti-spam policies off). */
    public ReferencePolicy(PolicySettings settings) {
        this.minimumAudienceSize = settings.minimumAudienceSize();
        this.suppressionWindow = settings.suppressionWindow();
        this.capMax = null;
        this.capWindow = null;
        this.personMax = null;
        this.personWindow = null;
        this.campaignOnce = false;
        this.quietStart = null;
        this.quietEnd = null;
        this.defaultZone = null;
    }

    /** Every bundled policy, with a set's settings (as the bundled settings.yaml declares them). */
    public ReferencePolicy(Settings settings) {
        this.minimumAudienceSize = settings.integer("minimumAudienceSize");
        this.suppressionWindow = settings.duration("suppressionWindow");
        this.capMax = settings.integer("frequencyCap.max");
        this.capWindow = settings.duration("frequencyCap.window");
        this.personMax = settings.lookup("personCap.max").isPresent() ? settings.integer("personCap.max") : null;
        this.personWindow = settings.lookup("personCap.window").isPresent()
                ? settings.duration("personCap.window") : null;
        this.campaignOnce = Boolean.TRUE.equals(settings.bool("campaignOnce.enabled"));
        this.quietStart = settings.localTime("quietHours.start");
        this.quietEnd = settings.localTime("quietHours.end");
        this.defaultZone = settings.timeZone("quietHours.defaultZone");
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
        if (request.campaign().audienceSize() < minimumAudienceSize) {
            codes.add("AUDIENCE_TOO_SMALL");
        }
        return codes;
    }

    public Verdict decide(CampaignRequest request, Recipient recipient) {
        Verdict verdict = decideOnce(request, recipient);
        Instant retryAt = verdict.retryAt();
        // quiet hours come back every night: the latest reason's instant may be inside them
        for (int i = 0; retryAt != null && quietStart != null && i < 4; i++) {
            Verdict then = decideOnce(new CampaignRequest(retryAt, request.business(), request.campaign()), recipient);
            if (then.outcome() == DeliveryOutcome.DELIVER) {
                break;
            }
            retryAt = then.retryAt() != null && then.retryAt().isAfter(retryAt) ? then.retryAt() : null;
        }
        return new Verdict(verdict.outcome(), verdict.reasons(), retryAt);
    }

    private Verdict decideOnce(CampaignRequest request, Recipient recipient) {
        Map<String, Instant> reasons = new TreeMap<>();
        for (String code : campaignReasons(request)) {
            reasons.put(code, null);
        }
        Instant at = request.at();
        Conversation thread = recipient.conversation();
        Instant last = thread == null ? null : thread.lastPersonInteractionAt();
        if (last == null) {
            reasons.put("NO_OPEN_THREAD", null);
        } else {
            Instant lifts = last.plus(suppressionWindow);
            if (at.isBefore(lifts)) {
                reasons.put("WITHIN_SUPPRESSION_WINDOW", lifts);
            }
        }
        for (Block block : recipient.blocks()) {
            reasons.put(block.kind() == BlockKind.BLOCKED_BUSINESS ? "BLOCKED_BUSINESS" : "MESSAGES_TURNED_OFF",
                    null);
        }
        if (capMax != null && capWindow != null) {
            List<Instant> counted = new ArrayList<>();
            for (SponsoredDelivery d : recipient.recentDeliveries()) {
                if (Duration.between(d.deliveredAt(), at).compareTo(capWindow) < 0) {
                    counted.add(d.deliveredAt());
                }
            }
            if (counted.size() >= capMax) {
                counted.sort(null);
                int leaving = counted.size() - capMax;
                reasons.put("FREQUENCY_CAP_REACHED", leaving < counted.size()
                        ? counted.get(leaving).plus(capWindow) : null);
            }
        }
        if (personMax != null && personWindow != null) {
            List<Instant> counted = new ArrayList<>();
            for (org.threadgate.model.PersonDelivery d : recipient.person().recentDeliveries()) {
                if (Duration.between(d.deliveredAt(), at).compareTo(personWindow) < 0) {
                    counted.add(d.deliveredAt());
                }
            }
            if (counted.size() >= personMax) {
                counted.sort(null);
                int leaving = counted.size() - personMax;
                reasons.put("PERSON_CAP_REACHED", leaving < counted.size()
                        ? counted.get(leaving).plus(personWindow) : null);
            }
        }
        if (campaignOnce && recipient.recentDeliveries().stream()
                .anyMatch(d -> d.campaignId().equals(request.campaign().id()))) {
            reasons.put("CAMPAIGN_ALREADY_DELIVERED", null);
        }
        ZoneId zone = recipient.person().timeZone() != null ? recipient.person().timeZone() : defaultZone;
        if (quietStart != null && quietEnd != null && zone != null && !quietStart.equals(quietEnd)) {
            ZonedDateTime local = at.atZone(zone);
            int now = local.toLocalTime().toSecondOfDay() * 1000 + local.getNano() / 1_000_000;
            int start = quietStart.toSecondOfDay() * 1000;
            int end = quietEnd.toSecondOfDay() * 1000;
            boolean quiet = start < end ? now >= start && now < end : now >= start || now < end;
            if (quiet) {
                LocalDate day = local.toLocalDate();
                Instant lifts = day.atTime(quietEnd).atZone(zone).toInstant();
                while (!lifts.isAfter(at)) {
                    day = day.plusDays(1);
                    lifts = day.atTime(quietEnd).atZone(zone).toInstant();
                }
                reasons.put("QUIET_HOURS", lifts);
            }
        }
        Instant retryAt = null;
        if (!reasons.isEmpty() && reasons.values().stream().allMatch(v -> v != null)) {
            retryAt = reasons.values().stream().max(Instant::compareTo).orElseThrow();
        }
        return new Verdict(reasons.isEmpty() ? DeliveryOutcome.DELIVER : DeliveryOutcome.SUPPRESS, reasons, retryAt);
    }
}
