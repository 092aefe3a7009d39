package org.threadgate.server.decisionlog;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.threadgate.facade.decision.Decided;
import org.threadgate.facade.decision.DecisionObserver;
import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.decisionlog.Logged;

/**
 * Records every decision the service makes, off the request path: a decision is put on a queue, and one writer thread
 * turns queued decisions into records and writes them in batches. By default nothing is lost: when the backlog reaches
 * the queue's capacity, the lines of batches, streams and audiences wait for room (the bulk path slows down to the
 * writer's pace: backpressure), while single decisions still go on without waiting, into a reserve of the same size
 * again; only when that is full too does a single decision wait. With {@link Overflow#DROP} a decision that finds the
 * queue full is dropped and counted instead, and nothing ever waits. {@link #close()} drains the queue: after a clean
 * shutdown every answered decision is in the log. A write that fails is tried again (records wait in the queue).
 */
public final class DecisionLog implements DecisionObserver, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(DecisionLog.class);
    /** Most records written in one batch. */
    static final int BATCH = 1_000;
    /**
     * How long the writer gathers a batch after its first record: at a light load every write is a commit (a disk
     * flush), so records are grouped into at most about ten writes a second; a full batch goes at once.
     */
    private static final long GATHER_NANOS = TimeUnit.MILLISECONDS.toNanos(100);
    /** How long the writer sleeps when the queue is empty before it looks again. */
    private static final long IDLE_NANOS = TimeUnit.MILLISECONDS.toNanos(5);
    private static final Duration RETENTION_EVERY = Duration.ofHours(1);


    /** What happens to a decision that finds the queue full. */
    public enum Overflow {
        /** It waits for room: nothing is lost; bulk paths slow down first (the default). */
        BLOCK,
        /** It is dropped and counted; nothing ever waits. */
        DROP
    }

    private final DecisionSink sink;
    private final java.util.function.Function<Decided, LogRecord.Shadowed> shadow;
    private final Clock clock;
    private final Duration retention;
    /** Lock-free: sixteen request threads adding to one queue contended on its lock. */
    private final Queue<Logged> queue = new ConcurrentLinkedQueue<>();
    private final int capacity;
    private final Overflow overflow;
    /** Decisions queued or being written: what the capacity bounds. */
    private final AtomicInteger backlog = new AtomicInteger();
    private final ReentrantLock roomLock = new ReentrantLock();
    private final Condition room = roomLock.newCondition();
    private final AtomicInteger waiting = new AtomicInteger();
    private final AtomicLong waits = new AtomicLong();
    private final AtomicLong accepted = new AtomicLong();
    /** Accepted records the writer could not store (a defect, or a store failing through shutdown). */
    private final AtomicLong lost = new AtomicLong();
    private final AtomicLong written = new AtomicLong();
    private final AtomicLong dropped = new AtomicLong();
    private final AtomicLong failedWrites = new AtomicLong();
    private final AtomicLong deleted = new AtomicLong();
    private final Thread writer;
    private volatile boolean closing;
    private volatile Instant nextRetention;
    private long droppedReported;
    private long nextDropReport = System.nanoTime();

    /**
     * @param capacity  decisions that may wait for the writer; more are dropped and counted
     * @param retention how long records are kept; older ones are deleted hourly in the background
     */
    public DecisionLog(DecisionSink sink, Clock clock, int capacity, Duration retention) {
        this(sink, clock, capacity, Overflow.BLOCK, retention, null);
    }

    /**
     * @param overflow what a decision that finds the backlog at {@code capacity} does
     * @param shadow the candidate's decision for a decision, kept in its record (called on the writer thread, off
     *               the request path; it answers {@code null} when there is none); {@code null} when no candidate is
     *               ever evaluated
     */
    public DecisionLog(DecisionSink sink, Clock clock, int capacity, Overflow overflow, Duration retention,
                       java.util.function.Function<Decided, LogRecord.Shadowed> shadow) {
        this.shadow = shadow;
        this.sink = sink;
        this.clock = clock;
        this.retention = retention;
        this.capacity = capacity;
        this.overflow = overflow;
        this.nextRetention = clock.instant();
        this.writer = new Thread(this::writeLoop, "decision-log-writer");
        writer.setDaemon(true);
        writer.start();
    }

    @Override
    public void decided(Decided decided) {
        if (closing) {
            dropped.incrementAndGet();
            return;
        }
        int limit = overflow == Overflow.DROP || decided.origin().batchId() != null ? capacity : 2 * capacity;
        if (backlog.get() >= limit) {
            if (overflow == Overflow.DROP) {
                dropped.incrementAndGet();
                return;
            }
            awaitRoom(limit);
        }
        Instant at = clock.instant();
        // without a shadow to wait for, the deciding thread makes its own line: the writer only gathers
        Logged logged = shadow == null ? Logged.prepared(decided, at) : new Logged(decided, at, null);
        backlog.incrementAndGet();
        accepted.incrementAndGet();
        queue.add(logged);
    }

    /** Waits until the backlog is below {@code limit} (or the log is closing); never gives up the record. */
    private void awaitRoom(int limit) {
        waits.incrementAndGet();
        boolean interrupted = false;
        roomLock.lock();
        waiting.incrementAndGet();
        try {
            while (backlog.get() >= limit && !closing) {
                try {
                    room.await(100, TimeUnit.MILLISECONDS);
                } catch (InterruptedException e) {
                    interrupted = true; // the record is still written; the caller sees its interrupt afterwards
                }
            }
        } finally {
            waiting.decrementAndGet();
            roomLock.unlock();
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** The writer has written (or given up) {@code n} records: their room goes to whoever waits. */
    private void released(int n) {
        backlog.addAndGet(-n);
        if (waiting.get() > 0) {
            roomLock.lock();
            try {
                room.signalAll();
            } finally {
                roomLock.unlock();
            }
        }
    }

    public long written() {
        return written.get();
    }

    public long dropped() {
        return dropped.get();
    }

    public long failedWrites() {
        return failedWrites.get();
    }

    public int queueDepth() {
        return backlog.get();
    }

    /** How many times a decision waited for room in the queue (bulk paths slowed down; never with DROP). */
    public long waits() {
        return waits.get();
    }

    public Overflow overflow() {
        return overflow;
    }

    public long deleted() {
        return deleted.get();
    }

    public String describe() {
        return sink.describe() + ", kept " + retention + ", " + (overflow == Overflow.BLOCK
                ? "nothing dropped (bulk paths wait for the writer)" : "dropped when " + capacity + " wait");
    }

    /** Waits until every decision queued before this call is written (for tests and the export command). */
    public void flush() throws InterruptedException {
        long target = accepted.get();
        while (written.get() + lost.get() < target && writer.isAlive()) {
            Thread.sleep(5);
        }
    }

    private void writeLoop() {
        List<Logged> batch = new ArrayList<>(BATCH);
        List<Logged> records = new ArrayList<>(BATCH);
        while (true) {
            try {
                Logged first = queue.poll();
                if (first == null) {
                    if (closing) {
                        return;
                    }
                    retainIfDue();
                    LockSupport.parkNanos(IDLE_NANOS);
                    if (Thread.interrupted() && !closing) {
                        return;
                    }
                    continue;
                }
                batch.add(first);
                gather(batch);
                for (Logged pending : batch) {
                    records.add(shadow == null ? pending
                            : new Logged(pending.decided(), pending.at(), shadowOf(pending.decided())));
                }
                writeWithRetries(records);
                released(batch.size());
                batch.clear();
                records.clear();
                retainIfDue();
            } catch (InterruptedException e) {
                if (!closing) {
                    Thread.currentThread().interrupt();
                    return;
                }
            } catch (RuntimeException e) {
                // a record that cannot be made (a defect): counted, and the writer goes on with the next batch
                LOG.error("decision log: {} records could not be written", batch.size(), e);
                dropped.addAndGet(batch.size());
                lost.addAndGet(batch.size());
                released(batch.size());
                batch.clear();
                records.clear();
            }
        }
    }

    /** Adds queued records to {@code batch} until it is full or the gathering time since its first has passed. */
    private void gather(List<Logged> batch) throws InterruptedException {
        long deadline = System.nanoTime() + GATHER_NANOS;
        while (batch.size() < BATCH) {
            Logged next;
            while (batch.size() < BATCH && (next = queue.poll()) != null) {
                batch.add(next);
            }
            long left = deadline - System.nanoTime();
            if (batch.size() >= BATCH || left <= 0 || closing) {
                return;
            }
            LockSupport.parkNanos(Math.min(left, IDLE_NANOS));
        }
    }

    /** The candidate's decision, or null; a failing shadow evaluation never costs the record. */
    private LogRecord.Shadowed shadowOf(Decided decided) {
        try {
            return shadow.apply(decided);
        } catch (RuntimeException e) {
            LOG.debug("shadow evaluation for the decision log failed", e);
            return null;
        }
    }

    private void writeWithRetries(List<Logged> records) throws InterruptedException {
        long backoff = 100;
        while (true) {
            try {
                sink.writeDecisions(records);
                written.addAndGet(records.size());
                return;
            } catch (InterruptedException e) {
                throw e;
            } catch (Exception e) {
                failedWrites.incrementAndGet();
                if (closing && backoff > 1_600) {
                    LOG.error("decision log: {} records lost at shutdown, the store kept failing: {}",
                            records.size(), e.toString());
                    dropped.addAndGet(records.size());
                    lost.addAndGet(records.size());
                    return;
                }
                LOG.warn("decision log: writing {} records failed ({}); trying again in {} ms", records.size(),
                        e.getClass().getSimpleName(), backoff);
                Thread.sleep(backoff);
                backoff = Math.min(backoff * 2, 5_000);
            }
        }
    }

    private void retainIfDue() {
        reportDrops();
        Instant now = clock.instant();
        if (now.isBefore(nextRetention)) {
            return;
        }
        nextRetention = now.plus(RETENTION_EVERY);
        try {
            long n = sink.deleteBefore(now.minus(retention));
            if (n > 0) {
                deleted.addAndGet(n);
                LOG.info("decision log: {} records older than {} deleted", n, retention);
            }
        } catch (Exception e) {
            LOG.warn("decision log: deleting old records failed ({}); trying again in {}", e.getClass().getSimpleName(),
                    RETENTION_EVERY);
        }
    }

    /** At most once a minute, says in the server's log how many decisions went unrecorded since it last said. */
    private void reportDrops() {
        long now = System.nanoTime();
        long total = dropped.get();
        if (total == droppedReported || now - nextDropReport < 0) {
            return;
        }
        LOG.warn("decision log: {} decisions not recorded since the last report (queue of {} full, or the store"
                + " failing); {} in all", total - droppedReported, capacity, total);
        droppedReported = total;
        nextDropReport = now + TimeUnit.MINUTES.toNanos(1);
    }

    /** Runs the retention now (it also runs hourly on the writer thread). */
    public void retainNow() {
        nextRetention = Instant.MIN;
    }

    /** Stops taking decisions, writes every queued one, then closes the sink. */
    @Override
    public void close() {
        closing = true;
        try {
            writer.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (writer.isAlive()) {
            LOG.error("decision log: the writer did not finish within 60 s; {} records not written", queue.size());
        } else if (!queue.isEmpty()) { // offered while the writer was finishing: counted, never silently lost
            int left = queue.size();
            queue.clear();
            dropped.addAndGet(left);
            lost.addAndGet(left);
            LOG.error("decision log: {} records arrived after the log closed and were not written", left);
        }
        sink.close();
    }
}
