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
    /**
     * Checks that code and rule are non-blank and the message is given.
     *
     * @param code    the stable reason code
     * @param rule    the rule that found it
     * @param message the human explanation
     * @param retryAt when it lifts on the same facts, or {@code null}
     */
    public Reason {
        Checks.id(code, "code");
        Checks.id(rule, "rule");
        Checks.required(message, "message");
    }

    /**
     * Whether this reason lifts by itself with time.
     *
     * @return true when {@code retryAt} is set
     */
    public boolean timeBound() {
        return retryAt != null;
    }
}
