package org.threadgate.policies.quiethours;

import static org.assertj.core.api.Assertions.assertThat;
import static org.threadgate.engine.BundledPolicies.codes;
import static org.threadgate.engine.BundledPolicies.decide;

import java.time.Instant;

import org.junit.jupiter.api.Test;
import org.threadgate.engine.BundledPolicies;
import org.threadgate.engine.PolicySet;
import org.threadgate.engine.Scenario;
import org.threadgate.model.DeliveryDecision;
import org.threadgate.model.DeliveryOutcome;

/**
 * Bundled: quiet from 21:00 to 08:00 in the person's local time (start quiet, end not); no default zone. Europe/Paris
 * is UTC+1 in winter and UTC+2 in summer; in 2026 the clocks go forward on 29 March (02:00 → 03:00) and back on
 * 25 October (03:00 → 02:00).
 */
class QuietHoursPolicyTest {
    private static DeliveryDecision inParisAt(String instant) {
        return decide(Scenario.deliverable().at(Instant.parse(instant)).lastInteraction(
                Instant.parse(instant).minusSeconds(86_400 * 3)).timeZone("Europe/Paris"));
    }

    @Test
    void noTimeZoneAndNoDefault_doesNotApply() {
        DeliveryDecision decision = decide(Scenario.deliverable().at(Instant.parse("2026-03-10T23:30:00Z"))
                .lastInteraction(Instant.parse("2026-03-07T12:00:00Z")));
        assertThat(decision.outcome()).isEqualTo(DeliveryOutcome.DELIVER);
    }

    @Test
    void exactly2100Local_isQuietUntil0800NextMorning() {
        DeliveryDecision decision = inParisAt("2026-03-10T20:00:00Z"); // 21:00 in Paris (UTC+1)
        assertThat(codes(decision)).containsExactly("QUIET_HOURS");
        assertThat(decision.retryAt()).isEqualTo(Instant.parse("2026-03-11T07:00:00Z"));
        assertThat(decision.reasons().get(0).message()).contains("21:00").contains("Europe/Paris");
    }

    @Test
    void oneMsBefore2100Local_isDelivered() {
        assertThat(codes(inParisAt("2026-03-10T19:59:59.999Z"))).isEmpty();
    }

    @Test
    void exactly0800Local_isDelivered_andOneMsBefore_isQuietUntil0800() {
        assertThat(codes(inParisAt("2026-03-11T07:00:00Z"))).isEmpty();
        DeliveryDecision before = inParisAt("2026-03-11T06:59:59.999Z");
        assertThat(codes(before)).containsExactly("QUIET_HOURS");
        assertThat(before.retryAt()).isEqualTo(Instant.parse("2026-03-11T07:00:00Z"));
    }

    @Test
    void afterMidnightLocal_liftsAt0800TheSameDay() {
        DeliveryDecision decision = inParisAt("2026-03-11T02:30:00Z"); // 03:30 in Paris
        assertThat(decision.retryAt()).isEqualTo(Instant.parse("2026-03-11T07:00:00Z"));
    }

    @Test
    void springForwardNight_liftsAt0800SummerTime() {
        // 28 March 22:00 Paris is UTC+1; the next 08:00, on 29 March, is UTC+2: 06:00Z, ten hours later, not eleven
        DeliveryDecision decision = inParisAt("2026-03-28T21:00:00Z");
        assertThat(codes(decision)).containsExactly("QUIET_HOURS");
        assertThat(decision.retryAt()).isEqualTo(Instant.parse("2026-03-29T06:00:00Z"));
        assertThat(codes(inParisAt("2026-03-29T06:00:00Z"))).isEmpty();
        assertThat(codes(inParisAt("2026-03-29T05:59:59.999Z"))).containsExactly("QUIET_HOURS");
    }

    @Test
    void fallBackNight_liftsAt0800WinterTime() {
        // 24 October 22:00 Paris is UTC+2; the next 08:00, on 25 October, is UTC+1: 07:00Z, eleven hours later
        DeliveryDecision decision = inParisAt("2026-10-24T20:00:00Z");
        assertThat(codes(decision)).containsExactly("QUIET_HOURS");
        assertThat(decision.retryAt()).isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
        // 01:30 UTC is 02:30 local for the second time (after the clocks went back): still quiet
        assertThat(inParisAt("2026-10-25T01:30:00Z").retryAt()).isEqualTo(Instant.parse("2026-10-25T07:00:00Z"));
        assertThat(codes(inParisAt("2026-10-25T07:00:00Z"))).isEmpty();
    }

    @Test
    void defaultZone_appliesToAPersonWithoutOne_notToOneWithTheirOwn() {
        try (PolicySet set = BundledPolicies.withSettings(BundledPolicies.bundledSettingsWith("defaultZone: null",
                "defaultZone: America/New_York"))) {
            Instant at = Instant.parse("2026-03-10T03:00:00Z"); // 23:00 in New York, 04:00 in Paris
            DeliveryDecision noZone = set.decideDelivery(Scenario.deliverable().at(at)
                    .lastInteraction(at.minusSeconds(86_400 * 3)).deliveryRequest());
            assertThat(codes(noZone)).containsExactly("QUIET_HOURS");
            assertThat(noZone.retryAt()).isEqualTo(Instant.parse("2026-03-10T12:00:00Z")); // 08:00 EDT
            DeliveryDecision inTokyo = set.decideDelivery(Scenario.deliverable().at(at)
                    .lastInteraction(at.minusSeconds(86_400 * 3)).timeZone("Asia/Tokyo").deliveryRequest());
            assertThat(codes(inTokyo)).isEmpty(); // 12:00 in Tokyo
        }
    }

    @Test
    void startOrEndSetToNull_turnsThePolicyOff() {
        try (PolicySet set = BundledPolicies.withSettings(BundledPolicies.bundledSettingsWith("start: \"21:00\"",
                "start: null"))) {
            DeliveryDecision decision = set.decideDelivery(Scenario.deliverable()
                    .at(Instant.parse("2026-03-10T23:00:00Z")).lastInteraction(Instant.parse("2026-03-07T00:00:00Z"))
                    .timeZone("Europe/Paris").deliveryRequest());
            assertThat(codes(decision)).isEmpty();
        }
    }

    @Test
    void windowNotWrappingMidnight_isQuietOnlyInside() {
        try (PolicySet set = BundledPolicies.withSettings(BundledPolicies.bundledSettingsWith(
                "start: \"21:00\"\n  end: \"08:00\"", "start: \"13:00\"\n  end: \"14:00\""))) {
            Instant inside = Instant.parse("2026-03-10T12:30:00Z"); // 13:30 in Paris
            Instant outside = Instant.parse("2026-03-10T13:00:00Z"); // 14:00 in Paris
            assertThat(codes(set.decideDelivery(Scenario.deliverable().at(inside).timeZone("Europe/Paris")
                    .deliveryRequest()))).containsExactly("QUIET_HOURS");
            assertThat(codes(set.decideDelivery(Scenario.deliverable().at(outside).timeZone("Europe/Paris")
                    .deliveryRequest()))).isEmpty();
        }
    }
}
