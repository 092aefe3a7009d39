package org.threadgate.model;

import java.time.Instant;

/**
 * Why a delivery was suppressed or a campaign rejected.
 *
 * @param code    the stable reason code, a public contract
 * @param rule    the name of the rule that found it
 * @param message a human explanation
 * @param retryAt when time-bound, the instant it lifts on the same facts; otherwise {@code null}
 */
public record Reason(String code, String rule, String message, Instant retryAt) {
    public Reason {
        Checks.id(code, "code");
        Checks.id(rule, "rule");
        Checks.required(message, "message");
    }

    public boolean timeBound() {
        return retryAt != null;
    }
}
