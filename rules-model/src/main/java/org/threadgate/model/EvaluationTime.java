package org.threadgate.model;

import java.time.Instant;

/** The instant a decision is made for, inserted as a fact: rules never read a clock. */
public record EvaluationTime(Instant at) {
    public EvaluationTime {
        Checks.required(at, "at");
    }
}
