package org.threadgate.model;

import java.time.Instant;
import java.util.List;

/** Derivations shared by decisions: one place for "when does this lift". */
public final class Reasons {
    private Reasons() {
    }

    /**
     * The earliest instant at which the same facts would pass: the latest retryAt when every reason is time-bound;
     * {@code null} when there is no reason or any reason is not time-bound.
     *
     * @param reasons a decision's reasons
     * @return the instant, or {@code null}
     */
    public static Instant retryAt(List<Reason> reasons) {
        if (reasons.isEmpty()) {
            return null;
        }
        Instant latest = null;
        for (Reason reason : reasons) {
            if (reason.retryAt() == null) {
                return null;
            }
            if (latest == null || reason.retryAt().isAfter(latest)) {
                latest = reason.retryAt();
            }
        }
        return latest;
    }
}
