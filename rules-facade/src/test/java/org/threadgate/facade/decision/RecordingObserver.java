package org.threadgate.facade.decision;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A decision observer for tests: it keeps every decision it sees, and the end of every batch. */
public final class RecordingObserver implements DecisionObserver {
    /** Every decision seen, in order. */
    public final List<Decided> decided = new CopyOnWriteArrayList<>();
    /** The origin of every batch that ended, in order. */
    public final List<Origin> ended = new CopyOnWriteArrayList<>();

    @Override
    public void decided(Decided d) {
        decided.add(d);
    }

    @Override
    public void batchEnded(Origin origin, String policyVersion, long decisions, long nanos) {
        ended.add(origin);
    }

    /**
     * The decisions of one form.
     *
     * @param form how they were asked
     * @return those decisions, in order
     */
    public List<Decided> of(Origin.Form form) {
        return decided.stream().filter(d -> d.origin().form() == form).toList();
    }
}
