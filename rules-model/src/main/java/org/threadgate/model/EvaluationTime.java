package org.threadgate.model;

import java.time.Instant;

/** The instant a decision is made for, inserted as a fact: rules never read a clock. */
public record EvaluationTime(Instant at) {
    /**
     * Checks that the instant is given.
     *
     * @param at the instant to decide for
     */
    public EvaluationTime {
        Checks.required(at, "at");
    }
}
