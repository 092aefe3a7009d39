package org.threadgate.storage.jdbc;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import org.threadgate.model.MessagingEvent;
import org.threadgate.model.ThreadState;

/**
 * What storing a batch of events does, worked out in plain code: the threads it touches in key order (the order in
 * which a store locks them, so that concurrent batches never deadlock), its events in that order, and, once the store
 * says which events were new and what the threads held, the threads to create and update and how each business's
 * audience count changes.
 */
public final class IngestPlan {
    /** A thread's key; ordered by business, then person. */
    public record ThreadKey(String businessId, String personId) implements Comparable<ThreadKey> {
        @Override
        public int compareTo(ThreadKey other) {
            int byBusiness = businessId.compareTo(other.businessId);
            return byBusiness != 0 ? byBusiness : personId.compareTo(other.personId);
        }
    }

    /** The writes a batch needs. */
    public record Writes(List<ThreadState> creations, List<ThreadState> updates, Map<String, Integer> audienceDeltas,
                         int stored, int duplicates) {
    }

    private final Map<ThreadKey, List<MessagingEvent>> byThread = new TreeMap<>();
    private final int size;
    private final java.time.Duration retention;

    public IngestPlan(List<MessagingEvent> events) {
        this(events, ThreadState.MAX_RETENTION);
    }

    /** {@code retention}: how far back from a thread's newest delivery its history keeps every delivery. */
    public IngestPlan(List<MessagingEvent> events, java.time.Duration retention) {
        this.retention = retention;
        for (MessagingEvent e : events) {
            byThread.computeIfAbsent(new ThreadKey(e.businessId(), e.personId()), k -> new ArrayList<>()).add(e);
        }
        this.size = events.size();
    }

    /** The threads the batch touches, in key order. */
    public List<ThreadKey> threads() {
        return List.copyOf(byThread.keySet());
    }

    /** The batch's events grouped by thread in key order, each thread's in arrival order. */
    public List<MessagingEvent> events() {
        List<MessagingEvent> ordered = new ArrayList<>(size);
        byThread.values().forEach(ordered::addAll);
        return ordered;
    }

    /**
     * Each thread's state folded from its events of this batch alone: what a thread that does not exist yet will hold
     * (the fold is idempotent, so an event repeated within the batch changes nothing).
     */
    public Map<ThreadKey, ThreadState> foldedFromEmpty() {
        Map<ThreadKey, ThreadState> folded = new TreeMap<>();
        for (Map.Entry<ThreadKey, List<MessagingEvent>> thread : byThread.entrySet()) {
            ThreadState state = ThreadState.empty(thread.getKey().businessId(), thread.getKey().personId());
            for (MessagingEvent e : thread.getValue()) {
                state = state.apply(e, retention);
            }
            folded.put(thread.getKey(), state);
        }
        return folded;
    }

    /**
     * The writes, given what the threads held before ({@code existing}: absent means no such thread yet) and, for each
     * event of {@link #events()} in that order, whether it was new ({@code true}) or already stored.
     */
    public Writes writes(Map<ThreadKey, ThreadState> existing, boolean[] isNew) {
        if (isNew.length != size) {
            throw new IllegalArgumentException("isNew has " + isNew.length + " entries for " + size + " events");
        }
        List<ThreadState> creations = new ArrayList<>();
        List<ThreadState> updates = new ArrayList<>();
        Map<String, Integer> deltas = new TreeMap<>();
        int stored = 0;
        int position = 0;
        for (Map.Entry<ThreadKey, List<MessagingEvent>> thread : byThread.entrySet()) {
            ThreadKey key = thread.getKey();
            ThreadState before = existing.get(key);
            ThreadState base = before != null ? before : ThreadState.empty(key.businessId(), key.personId());
            ThreadState after = base;
            int storedHere = 0;
            for (MessagingEvent e : thread.getValue()) {
                if (isNew[position++]) {
                    storedHere++;
                    after = after.apply(e, retention);
                }
            }
            stored += storedHere;
            if (before == null ? storedHere > 0 : !after.equals(before)) {
                (before == null ? creations : updates).add(after);
                int delta = (after.audienceMember() ? 1 : 0) - (base.audienceMember() ? 1 : 0);
                if (delta != 0) {
                    deltas.merge(key.businessId(), delta, Integer::sum);
                }
            }
        }
        deltas.values().removeIf(d -> d == 0);
        return new Writes(creations, updates, deltas, stored, size - stored);
    }
}
