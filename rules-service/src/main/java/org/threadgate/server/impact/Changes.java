package org.threadgate.server.impact;

import java.util.Map;
import java.util.Set;

import org.threadgate.facade.decisionlog.Replay;

/** How one decision changes between two policy sets, in the terms of {@link ImpactReport}. */
final class Changes {
    private Changes() {
    }

    /** The kind of change ({@link ImpactReport#TRANSITIONS}), or null when the two verdicts are the same. */
    static String transition(Replay.Verdict before, Replay.Verdict after) {
        if (after.equals(before)) {
            return null;
        }
        return after.outcome().equals(before.outcome()) ? ImpactReport.OTHER_REASONS
                : before.outcome() + "->" + after.outcome();
    }

    /** Counts each reason code the change gains ({@code [0]}) and loses ({@code [1]}) into {@code codes}. */
    static void countCodes(Map<String, long[]> codes, Replay.Verdict before, Replay.Verdict after) {
        Set<String> was = before.codes();
        Set<String> is = after.codes();
        for (String code : is) {
            if (!was.contains(code)) {
                codes.computeIfAbsent(code, k -> new long[2])[0]++;
            }
        }
        for (String code : was) {
            if (!is.contains(code)) {
                codes.computeIfAbsent(code, k -> new long[2])[1]++;
            }
        }
    }
}
