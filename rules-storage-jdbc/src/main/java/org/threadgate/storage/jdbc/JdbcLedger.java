package org.threadgate.storage.jdbc;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import javax.sql.DataSource;

import org.threadgate.facade.ledger.DeliveryColumn;
import org.threadgate.facade.ledger.Ledger;
import org.threadgate.model.Business;
import org.threadgate.model.MessagingEvent;
import org.threadgate.model.Objective;
import org.threadgate.model.PersonDelivery;
import org.threadgate.model.Recipient;
import org.threadgate.model.SponsoredDelivery;
import org.threadgate.model.ThreadState;

/**
 * The ledger on JDBC (embedded H2 or PostgreSQL): every write is one transaction, retried when it loses a race with a
 * concurrent one; a method returns only after its transaction committed.
 */
public final class JdbcLedger implements Ledger {
    /** Rows a streamed audience read fetches per round trip. */
    private static final int FETCH_SIZE = 1_000;

    private final Transactions db;
    private final Clock clock;
    private final boolean postgres;
    private final ThreadStripes stripes = new ThreadStripes();
    private volatile java.util.function.Supplier<java.time.Duration> retention = () -> ThreadState.MAX_RETENTION;

    /**
     * On PostgreSQL, which several instances may share, the database keeps writers of one thread apart (threads are
     * claimed by upserts in key order); on an embedded database, which only this process opens, this JVM does.
     */
    public JdbcLedger(DataSource data, Clock clock) {
        this.db = new Transactions(data);
        this.clock = clock;
        this.postgres = db.once(c -> c.getMetaData().getDatabaseProductName().toLowerCase(java.util.Locale.ROOT)
                .contains("postgresql"));
    }

    /**
     * How far back from a thread's newest delivery its history keeps every delivery: the longest window the live
     * policies could count (asked at each write; capped at {@link ThreadState#MAX_RETENTION}).
     */
    public JdbcLedger deliveryRetention(java.util.function.Supplier<java.time.Duration> value) {
        this.retention = value;
        return this;
    }

    // --- writes ----------------------------------------------------------------------------------------------

    /**
     * Stores the events that are new, all or none, and folds them into their threads: the request's threads are
     * claimed in key order (so that concurrent requests never wait on each other in a cycle, and two that create the
     * same new thread queue instead of colliding), its events inserted, the folded states written and each business's
     * audience count adjusted once.
     */
    @Override
    public Ingested ingest(List<MessagingEvent> events) {
        IngestPlan plan = new IngestPlan(events, retention.get());
        return postgres ? db.inTransaction(c -> ingestOnPostgres(c, plan))
                : stripes.holding(plan.threads(), () -> db.inTransaction(c -> ingestPortably(c, plan)));
    }

    /**
     * Writes whole thread states and audience counts computed elsewhere (a stream job's fold), replacing what is
     * stored, in one transaction: the same value written twice leaves the same rows, so a replay after a failure is
     * harmless. Through the same table mapping as {@link #ingest(List)}; the events themselves are not stored.
     *
     * @param threads       the latest state of each thread to write
     * @param audienceSizes the latest audience count of each business to write
     */
    public void replaceFolded(java.util.Collection<ThreadState> threads, Map<String, Long> audienceSizes) {
        db.inTransaction(c -> {
            List<ThreadState> all = List.copyOf(threads);
            int[] updated = writeThreads(c, all, false);
            List<ThreadState> missing = new java.util.ArrayList<>();
            for (int i = 0; i < all.size(); i++) {
                if (updated[i] == 0) {
                    missing.add(all.get(i));
                }
            }
            writeThreads(c, missing, true);
            for (Map.Entry<String, Long> e : audienceSizes.entrySet()) {
                upsert(c, "UPDATE audience_sizes SET members = ? WHERE business_id = ?",
                        "INSERT INTO audience_sizes (members, business_id) VALUES (?, ?)", e.getValue(), e.getKey());
            }
            return null;
        });
    }

    /**
     * One statement each: threads claimed (a missing one created already holding its state from this batch, an
     * existing one locked), events inserted, the existing threads' new states written, audience counts adjusted.
     */
    private Ingested ingestOnPostgres(Connection c, IngestPlan plan) throws SQLException {
        Map<IngestPlan.ThreadKey, ThreadState> folded = plan.foldedFromEmpty();
        PostgresWrites.Claimed claimed = PostgresWrites.claim(c, folded, ThreadTable.NAMES);
        if (claimed.existing().size() + claimed.created().size() != folded.size()) {
            throw new IllegalStateException("claimed " + (claimed.existing().size() + claimed.created().size())
                    + " of " + folded.size() + " threads");
        }
        IngestPlan.Writes writes = plan.writes(claimed.existing(), PostgresWrites.insertEvents(c, plan.events(),
                clock.instant()));
        List<ThreadState> toWrite = new java.util.ArrayList<>(writes.updates());
        for (ThreadState created : writes.creations()) {
            // created with the batch's fold; only a thread whose every event was a duplicate could differ
            if (!created.equals(folded.get(new IngestPlan.ThreadKey(created.businessId(), created.personId())))) {
                toWrite.add(created);
            }
        }
        PostgresWrites.writeThreads(c, toWrite);
        PostgresWrites.adjustAudiences(c, writes.audienceDeltas());
        return new Ingested(writes.stored(), writes.duplicates());
    }

    /**
     * The threads' writers are serialized in this JVM ({@link ThreadStripes}), so the existing threads are locked,
     * one primary-key lookup each in key order, and the missing ones inserted at the end.
     */
    private Ingested ingestPortably(Connection c, IngestPlan plan) throws SQLException {
        Map<IngestPlan.ThreadKey, ThreadState> locked = lockThreads(c, plan.threads());
        IngestPlan.Writes writes = plan.writes(locked, insertEvents(c, plan.events(), clock.instant()));
        writeThreads(c, writes.updates(), false);
        writeThreads(c, writes.creations(), true);
        for (Map.Entry<String, Integer> delta : writes.audienceDeltas().entrySet()) {
            adjustAudience(c, delta.getKey(), delta.getValue());
        }
        return new Ingested(writes.stored(), writes.duplicates());
    }

    /**
     * In one transaction: the thread locked (on PostgreSQL also by an advisory lock on its key, which holds while the
     * thread does not exist yet and across instances; on the embedded database by this JVM's stripe), the facts
     * read, the decision made, and the event it asks for stored and folded in, as an ingest would.
     */
    @Override
    public <D> Recorded<D> decideAndRecord(String campaignId, String personId,
                                           java.util.function.Function<CampaignFacts, D> decide,
                                           java.util.function.Function<D, MessagingEvent> toRecord) {
        CampaignRecord campaign = campaign(campaignId).orElseThrow(() -> new org.threadgate.facade.ledger
                .UnknownRecordException(org.threadgate.facade.ledger.UnknownRecordException.Kind.CAMPAIGN,
                campaignId));
        IngestPlan.ThreadKey key = new IngestPlan.ThreadKey(campaign.businessId(), personId);
        Transactions.Work<Recorded<D>> work = c -> {
            if (postgres) {
                // the person, not only the thread: the person cap counts the deliveries of every business, so two
                // decisions for one person from two businesses must see each other's (across instances too)
                try (PreparedStatement lock = c.prepareStatement("SELECT pg_advisory_xact_lock(hashtextextended(?, 0))")) {
                    lock.setString(1, "person/" + personId); // ids never hold a slash
                    lock.executeQuery().close();
                }
            }
            // every thread of the person, locked: the campaign's business's among them
            List<ThreadState> all = personThreads(c, personId, true);
            Map<IngestPlan.ThreadKey, ThreadState> locked = new HashMap<>();
            for (ThreadState thread : all) {
                if (thread.businessId().equals(key.businessId())) {
                    locked.put(key, thread);
                }
            }
            CampaignFacts facts = campaignFactsIn(c, campaignId, Optional.ofNullable(locked.get(key)),
                    ThreadState.personDeliveries(all));
            D decision = decide.apply(facts);
            MessagingEvent event = toRecord.apply(decision);
            if (event != null) {
                IngestPlan plan = new IngestPlan(List.of(event), retention.get());
                IngestPlan.Writes writes = plan.writes(locked, insertEvents(c, plan.events(), clock.instant()));
                writeThreads(c, writes.updates(), false);
                writeThreads(c, writes.creations(), true);
                for (Map.Entry<String, Integer> delta : writes.audienceDeltas().entrySet()) {
                    adjustAudience(c, delta.getKey(), delta.getValue());
                }
            }
            return new Recorded<>(decision, event);
        };
        // on the embedded database this JVM's stripes stand for the locks: the thread's and the person's
        return postgres ? db.inTransaction(work) : stripes.holding(List.of(key, personKey(personId)),
                () -> db.inTransaction(work));
    }

    /** The stripe key that stands for a person on the embedded database ('/' is never part of an id). */
    private static IngestPlan.ThreadKey personKey(String personId) {
        return new IngestPlan.ThreadKey("/person", personId);
    }

    /** Every thread of the person (by the person index), locked for update when asked. */
    private static List<ThreadState> personThreads(Connection c, String personId, boolean forUpdate)
            throws SQLException {
        List<ThreadState> threads = new ArrayList<>(2);
        try (PreparedStatement s = c.prepareStatement("SELECT " + ThreadTable.NAMES
                + " FROM threads WHERE person_id = ?" + (forUpdate ? " FOR UPDATE" : ""))) {
            s.setString(1, personId);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    threads.add(ThreadTable.read(rs, 1));
                }
            }
        }
        return threads;
    }

    /** The campaign, its business and audience count, read on {@code c}, with the thread already read. */
    private static CampaignFacts campaignFactsIn(Connection c, String campaignId, Optional<ThreadState> thread,
                                                 List<PersonDelivery> personDeliveries)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT c.business_id, c.objective, b.id,"
                + " b.sponsored_messages_enabled, a.members FROM campaigns c"
                + " LEFT JOIN businesses b ON b.id = c.business_id"
                + " LEFT JOIN audience_sizes a ON a.business_id = c.business_id WHERE c.id = ?")) {
            s.setString(1, campaignId);
            try (ResultSet rs = s.executeQuery()) {
                if (!rs.next()) {
                    throw new org.threadgate.facade.ledger.UnknownRecordException(
                            org.threadgate.facade.ledger.UnknownRecordException.Kind.CAMPAIGN, campaignId);
                }
                return new CampaignFacts(new CampaignRecord(campaignId, rs.getString(1),
                        Objective.valueOf(rs.getString(2))), rs.getString(3) == null ? Optional.empty()
                        : Optional.of(new Business(rs.getString(3), rs.getBoolean(4))),
                        (int) Math.min(rs.getLong(5), Integer.MAX_VALUE), thread, personDeliveries);
            }
        }
    }

    /** Transactions that lost a race with a concurrent one and ran again, since start. */
    public long retries() {
        return db.retries();
    }

    /** Locks the threads of {@code threads} that exist, one primary-key lookup each, in key order; by key. */
    private static Map<IngestPlan.ThreadKey, ThreadState> lockThreads(Connection c, List<IngestPlan.ThreadKey> threads)
            throws SQLException {
        Map<IngestPlan.ThreadKey, ThreadState> locked = new HashMap<>();
        try (PreparedStatement lock = c.prepareStatement("SELECT " + ThreadTable.NAMES
                + " FROM threads WHERE business_id = ? AND person_id = ? FOR UPDATE")) {
            for (IngestPlan.ThreadKey key : threads) {
                lock.setString(1, key.businessId());
                lock.setString(2, key.personId());
                try (ResultSet rs = lock.executeQuery()) {
                    if (rs.next()) {
                        locked.put(key, ThreadTable.read(rs, 1));
                    }
                }
            }
        }
        return locked;
    }

    /** Inserts every event once; for each, whether it was new (its id not stored yet). */
    private static boolean[] insertEvents(Connection c, List<MessagingEvent> ordered, Instant now) throws SQLException {
        try (PreparedStatement insert = c.prepareStatement("INSERT INTO events (business_id, person_id, event_id,"
                + " type, occurred_at, received_at) VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
            for (MessagingEvent e : ordered) {
                insert.setString(1, e.businessId());
                insert.setString(2, e.personId());
                insert.setString(3, e.eventId());
                insert.setString(4, e.type().name());
                insert.setObject(5, time(e.occurredAt()));
                insert.setObject(6, time(now));
                insert.addBatch();
            }
            int[] counts = insert.executeBatch();
            boolean[] isNew = new boolean[counts.length];
            for (int i = 0; i < counts.length; i++) {
                if (counts[i] != 0 && counts[i] != 1) {
                    throw new IllegalStateException("the JDBC driver reported " + counts[i] + " for one event's"
                            + " insert; the ledger needs exact per-row counts (no rewritten batches)");
                }
                isNew[i] = counts[i] == 1;
            }
            return isNew;
        }
    }

    @Override
    public boolean putBusiness(Business business) {
        return db.inTransaction(c -> upsert(c,
                "UPDATE businesses SET sponsored_messages_enabled = ?, updated_at = ? WHERE id = ?",
                "INSERT INTO businesses (sponsored_messages_enabled, updated_at, id) VALUES (?, ?, ?)",
                business.sponsoredMessagesEnabled(), time(clock.instant()), business.id()));
    }

    @Override
    public boolean putCampaign(CampaignRecord campaign) {
        return db.inTransaction(c -> upsert(c,
                "UPDATE campaigns SET business_id = ?, objective = ?, updated_at = ? WHERE id = ?",
                "INSERT INTO campaigns (business_id, objective, updated_at, id) VALUES (?, ?, ?, ?)",
                campaign.businessId(), campaign.objective().name(), time(clock.instant()), campaign.id()));
    }

    // --- reads -----------------------------------------------------------------------------------------------

    @Override
    public Optional<Business> business(String id) {
        return db.query("SELECT sponsored_messages_enabled FROM businesses WHERE id = ?", rs ->
                new Business(id, rs.getBoolean(1)), id);
    }

    @Override
    public Optional<CampaignRecord> campaign(String id) {
        return db.query("SELECT business_id, objective FROM campaigns WHERE id = ?", rs ->
                new CampaignRecord(id, rs.getString(1), Objective.valueOf(rs.getString(2))), id);
    }

    @Override
    public Optional<CampaignFacts> campaignFacts(String campaignId, String personId) {
        // one statement: campaign, business, audience count and every thread of the person, one row each (one row
        // with no thread when the person has none, or when none is asked); the business's own thread is among them
        return db.once(c -> {
            try (PreparedStatement s = c.prepareStatement("SELECT c.business_id, c.objective, b.id,"
                    + " b.sponsored_messages_enabled, a.members, " + ThreadTable.NAMES_OF_T + " FROM campaigns c"
                    + " LEFT JOIN businesses b ON b.id = c.business_id"
                    + " LEFT JOIN audience_sizes a ON a.business_id = c.business_id"
                    + " LEFT JOIN threads t ON t.person_id = ?"
                    + " WHERE c.id = ?")) {
                s.setString(1, personId);
                s.setString(2, campaignId);
                try (ResultSet rs = s.executeQuery()) {
                    if (!rs.next()) {
                        return Optional.empty();
                    }
                    CampaignRecord campaign = new CampaignRecord(campaignId, rs.getString(1),
                            Objective.valueOf(rs.getString(2)));
                    Optional<Business> business = rs.getString(3) == null ? Optional.empty()
                            : Optional.of(new Business(rs.getString(3), rs.getBoolean(4)));
                    int audience = (int) Math.min(rs.getLong(5), Integer.MAX_VALUE);
                    Optional<ThreadState> thread = Optional.empty();
                    List<ThreadState> threads = new ArrayList<>(2);
                    do {
                        if (rs.getString(7) != null) {
                            ThreadState read = ThreadTable.read(rs, 6);
                            threads.add(read);
                            if (read.businessId().equals(campaign.businessId())) {
                                thread = Optional.of(read);
                            }
                        }
                    } while (rs.next());
                    return Optional.of(new CampaignFacts(campaign, business, audience, thread,
                            ThreadState.personDeliveries(threads)));
                }
            }
        });
    }

    @Override
    public PersonFacts person(String businessId, String personId) {
        List<ThreadState> threads = db.once(c -> personThreads(c, personId, false));
        Optional<ThreadState> own = threads.stream().filter(t -> t.businessId().equals(businessId)).findFirst();
        return new PersonFacts(own, ThreadState.personDeliveries(threads));
    }

    @Override
    public List<ThreadState> threads(String personId) {
        List<ThreadState> threads = new ArrayList<>(db.once(c -> personThreads(c, personId, false)));
        threads.sort(Comparator.comparing(ThreadState::businessId));
        return threads;
    }

    @Override
    public int audienceSize(String businessId) {
        long members = db.query("SELECT members FROM audience_sizes WHERE business_id = ?", rs -> rs.getLong(1),
                businessId).orElse(0L);
        return (int) Math.min(members, Integer.MAX_VALUE);
    }

    @Override
    public Optional<ThreadState> thread(String businessId, String personId) {
        return db.query("SELECT " + ThreadTable.NAMES + " FROM threads WHERE business_id = ? AND person_id = ?",
                rs -> ThreadTable.read(rs, 1), businessId, personId);
    }

    /**
     * Hands every member of the business's audience to {@code each}, by person id, reading in pages through a
     * cursor so that memory stays bounded whatever the audience size.
     */
    @Override
    public void audience(String businessId, Consumer<ThreadState> each) {
        db.once(c -> {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            try (PreparedStatement s = c.prepareStatement("SELECT " + ThreadTable.NAMES + " FROM threads"
                    + " WHERE business_id = ? AND last_interaction_at IS NOT NULL AND blocked = FALSE"
                    + " AND messages_off = FALSE ORDER BY person_id")) {
                s.setFetchSize(FETCH_SIZE);
                s.setString(1, businessId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        each.accept(ThreadTable.read(rs, 1));
                    }
                }
            } finally {
                c.rollback();
            }
            return null;
        });
    }

    /**
     * The audience with each member's deliveries from every business, in one pass: the members' threads joined with
     * the other threads of the same people that hold deliveries (by the person index), in person-id order, so that
     * each member's rows come together; bounded memory, no query per member.
     */
    @Override
    public void audienceRecipients(String businessId, Consumer<Recipient> each) {
        db.once(c -> {
            c.setAutoCommit(false); // PostgreSQL streams with a cursor only inside a transaction
            int others = ThreadTable.COLUMNS.size() + 1;
            try (PreparedStatement s = c.prepareStatement("SELECT " + ThreadTable.NAMES_OF_T
                    + ", o.business_id, o.deliveries FROM threads t LEFT JOIN threads o ON o.person_id = t.person_id"
                    + " AND o.business_id <> t.business_id AND o.deliveries IS NOT NULL"
                    + " WHERE t.business_id = ? AND t.last_interaction_at IS NOT NULL AND t.blocked = FALSE"
                    + " AND t.messages_off = FALSE ORDER BY t.person_id")) {
                s.setFetchSize(FETCH_SIZE);
                s.setString(1, businessId);
                try (ResultSet rs = s.executeQuery()) {
                    ThreadState member = null;
                    List<PersonDelivery> elsewhere = new ArrayList<>();
                    while (rs.next()) {
                        // a member with several other threads comes in as many rows: their thread is read once
                        String personId = rs.getString(2);
                        if (member == null || !member.personId().equals(personId)) {
                            if (member != null) {
                                each.accept(recipient(member, elsewhere));
                            }
                            member = ThreadTable.read(rs, 1);
                            elsewhere.clear();
                        }
                        String other = rs.getString(others);
                        if (other != null) {
                            for (SponsoredDelivery d : DeliveryColumn.read(personId, rs.getString(others + 1))) {
                                elsewhere.add(new PersonDelivery(other, d.campaignId(),
                                        d.deliveredAt()));
                            }
                        }
                    }
                    if (member != null) {
                        each.accept(recipient(member, elsewhere));
                    }
                }
            } finally {
                c.rollback();
            }
            return null;
        });
    }

    /** A member as a recipient, with their own thread's deliveries and those of their other threads. */
    private static Recipient recipient(ThreadState member, List<PersonDelivery> elsewhere) {
        List<PersonDelivery> all = new ArrayList<>(ThreadState.personDeliveries(List.of(member)));
        all.addAll(elsewhere);
        return member.toRecipient(PersonDelivery.newestFirst(all));
    }

    /**
     * Forgets a person in one transaction: their threads (locked as ingestion locks them, so an event in flight either
     * lands before and is erased, or after and starts a fresh thread), their events, and the audience counts of the
     * businesses whose audience they were in. The threads are found by the person index (V7, made for the person
     * cap); the events table has no such index (an erasure is rare), so finding them reads every event row; the events
     * go by their key.
     */
    @Override
    public Erasure erase(String personId) {
        List<IngestPlan.ThreadKey> keys = new ArrayList<>();
        db.query("SELECT business_id FROM threads WHERE person_id = ?", rs -> {
            do {
                keys.add(new IngestPlan.ThreadKey(rs.getString(1), personId));
            } while (rs.next());
            return keys.size();
        }, personId);
        java.util.function.Supplier<Erasure> work = () -> db.inTransaction(c -> {
            List<ThreadState> threads = new ArrayList<>();
            try (PreparedStatement s = c.prepareStatement("SELECT " + ThreadTable.NAMES + " FROM threads WHERE"
                    + " person_id = ? ORDER BY business_id FOR UPDATE")) {
                s.setString(1, personId);
                try (ResultSet rs = s.executeQuery()) {
                    while (rs.next()) {
                        threads.add(ThreadTable.read(rs, 1));
                    }
                }
            }
            int deliveries = 0;
            for (ThreadState thread : threads) {
                deliveries += thread.deliveries().size();
                if (thread.audienceMember()) {
                    adjustAudience(c, thread.businessId(), -1);
                }
            }
            int events = 0;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM events WHERE business_id = ? AND person_id = ?")) {
                for (ThreadState thread : threads) { // every stored event was folded into its thread
                    s.setString(1, thread.businessId());
                    s.setString(2, personId);
                    events += s.executeUpdate();
                }
            }
            int removed;
            try (PreparedStatement s = c.prepareStatement("DELETE FROM threads WHERE person_id = ?")) {
                s.setString(1, personId);
                removed = s.executeUpdate();
            }
            java.util.Set<String> businesses = new java.util.TreeSet<>();
            threads.forEach(t -> businesses.add(t.businessId()));
            return new Erasure(removed, events, deliveries, businesses);
        });
        return postgres ? work.get() : stripes.holding(keys, work);
    }

    // --- SQL -------------------------------------------------------------------------------------------------

    /** Writes each thread's row; returns the rows each one changed (0: an update found no row). */
    private static int[] writeThreads(Connection c, List<ThreadState> threads, boolean create) throws SQLException {
        if (threads.isEmpty()) {
            return new int[0];
        }
        try (PreparedStatement s = c.prepareStatement(create ? ThreadTable.INSERT : ThreadTable.UPDATE)) {
            for (ThreadState t : threads) {
                ThreadTable.bind(s, t);
                s.addBatch();
            }
            return s.executeBatch();
        }
    }

    private static void adjustAudience(Connection c, String businessId, int delta) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audience_sizes (business_id, members) VALUES (?, 0) ON CONFLICT DO NOTHING")) {
            s.setString(1, businessId);
            s.executeUpdate();
        }
        try (PreparedStatement s = c.prepareStatement(
                "UPDATE audience_sizes SET members = members + ? WHERE business_id = ?")) {
            s.setInt(1, delta);
            s.setString(2, businessId);
            s.executeUpdate();
        }
    }

    private static boolean upsert(Connection c, String update, String insert, Object... values) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(update)) {
            bind(s, values);
            if (s.executeUpdate() > 0) {
                return false;
            }
        }
        try (PreparedStatement s = c.prepareStatement(insert)) {
            bind(s, values);
            s.executeUpdate();
            return true;
        }
    }

    private static void bind(PreparedStatement s, Object... values) throws SQLException {
        for (int i = 0; i < values.length; i++) {
            s.setObject(i + 1, values[i]);
        }
    }

    private static OffsetDateTime time(Instant instant) {
        return instant == null ? null : OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
