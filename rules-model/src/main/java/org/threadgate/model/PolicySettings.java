package org.threadgate.model;

import java.time.Duration;

/**
 * The tunable numbers of the policy set, read from the policy set's {@code settings.yaml} so that policy authors
 * change them without touching Java.
 *
 * @param minimumAudienceSize the smallest custom audience a campaign may have; exactly the minimum passes
 * @param suppressionWindow   how long after a person's last interaction nothing may be delivered; half-open, so
 *                            exactly one window later is deliverable
 */
public record PolicySettings(int minimumAudienceSize, Duration suppressionWindow) {
    public static final PolicySettings DEFAULTS = new PolicySettings(100, Duration.ofHours(24));

    public PolicySettings {
        if (minimumAudienceSize < 0) {
            throw new IllegalArgumentException(
                    "minimumAudienceSize must be 0 or more, was " + minimumAudienceSize);
        }
        Checks.required(suppressionWindow, "suppressionWindow");
        if (suppressionWindow.isNegative()) {
            throw new IllegalArgumentException(
                    "suppressionWindow must be zero or positive (ISO-8601, e.g. PT24H), was " + suppressionWindow);
        }
    }
}
