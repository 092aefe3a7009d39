package org.threadgate.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.threadgate.model.Reason;

/** Turns recorded violations into reasons: one per code, ordered by code, with messages from the rule templates. */
final class Explanations {
    private Explanations() {
    }

    static List<Reason> reasons(List<FiringRecorder.Found> found) {
        return reasons(found, true);
    }

    /** The reasons; with {@code worded} false each message is left empty (policy analysis reads only the codes). */
    static List<Reason> reasons(List<FiringRecorder.Found> found, boolean worded) {
        if (found.isEmpty()) {
            return List.of();
        }
        if (found.size() == 1) {
            return List.of(reason(found.get(0), worded));
        }
        Map<String, Reason> byCode = new TreeMap<>();
        for (FiringRecorder.Found f : found) {
            Reason reason = reason(f, worded);
            byCode.merge(reason.code(), reason, Explanations::longerLasting);
        }
        return new ArrayList<>(byCode.values());
    }

    private static Reason reason(FiringRecorder.Found found, boolean worded) {
        RuleInfo rule = found.rule().info();
        return new Reason(rule.code(), rule.name(),
                worded ? found.rule().template().render(found.violation().details()) : "",
                found.violation().retryAt());
    }

    /** Two findings of one code: keep the one that lifts last (never, if either never lifts). */
    private static Reason longerLasting(Reason a, Reason b) {
        Comparator<Reason> order = Comparator.comparing(Reason::retryAt,
                Comparator.nullsLast(Comparator.<Instant>naturalOrder())).thenComparing(Reason::message);
        return order.compare(a, b) >= 0 ? a : b;
    }
}
