package org.threadgate.storage.jdbc;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.Predicate;
import javax.sql.DataSource;

import org.threadgate.facade.decision.DecisionIds;
import org.threadgate.facade.decisionlog.DecisionQuery;
import org.threadgate.facade.decisionlog.DecisionSink;
import org.threadgate.facade.decisionlog.DecisionStore;
import org.threadgate.facade.decisionlog.LogChunk;
import org.threadgate.facade.decisionlog.LogRecord;
import org.threadgate.facade.decisionlog.Logged;
import org.threadgate.facade.ledger.LedgerUnavailableException;

/**
 * The decision log and the policy versions in the ledger's database (tables {@code decision_chunks},
 * {@code decision_filters} and {@code policy_versions}, created by the ledger's Flyway migrations): PostgreSQL, or
 * the embedded H2 file. Decisions written together are stored as {@link LogChunk}s, one row each however many
 * decisions they hold: a write costs a few rows, not one row and four index entries per decision. A search reads the
 * chunks' filters newest first, passes over those that cannot hold a match (time range, campaign, counts, Bloom
 * filter of people), reads the rest, and merges their lines into one order by instant and id.
 */
public final class JdbcDecisionStore implements DecisionSink, DecisionStore {
    /** Chunks of lines whose ids were made further apart than this are split, so an id is found in a narrow range. */
    private static final long ID_WINDOW_MILLIS = 3_600_000L;
    private static final String FILTER_COLUMNS = "chunk_id, first_at, last_at, business_id, campaign_id, counts,"
            + " key_filter, lines";
    /** One chunk as {@link #chunk} reads it. */
    private static final String CHUNK_BY_ID = "SELECT head, body FROM decision_chunks WHERE chunk_id = ?";

    private final DataSource data;
    private final String description;
    private volatile Boolean probesInDatabase;

    public JdbcDecisionStore(DataSource data, String description) {
        this.data = data;
        this.description = description;
    }

    /** Where erasures are recorded: the same database. */
    public JdbcErasures erasures() {
        return new JdbcErasures(data);
    }

    @Override
    public String describe() {
        return "the ledger's database (" + description + ")";
    }

    /** Whole records, each kept as it is (chunks without a head). */
    @Override
    public void write(List<LogRecord> records) throws SQLException {
        writeChunks(LogChunk.ofRecords(records));
    }

    /** Decisions in their compact form: each batch's shared facts once per chunk. */
    @Override
    public void writeDecisions(List<Logged> decisions) throws SQLException {
        writeChunks(LogChunk.of(decisions));
    }

    /**
     * Writes chunks in one transaction. A chunk's id follows from its content (its first instant and first decision
     * id), so the same decisions written again after a lost answer meet their own rows and are skipped, never stored
     * twice; a chunk that meets another's id (two instances, same millisecond, same hash) takes the next free one.
     */
    void writeChunks(List<LogChunk> chunks) throws SQLException {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try {
                insert(c, chunks, false, probesInDatabase(c));
                c.commit();
            } catch (SQLException e) {
                c.rollback();
                if (!"23505".equals(e.getSQLState())) {
                    throw e;
                }
                insert(c, chunks, true, probesInDatabase(c));
                c.commit();
            }
        }
    }

    /**
     * Writes chunks on a connection the caller commits; with {@code withPeople}, each chunk's people too (PostgreSQL:
     * a search by person reads them; H2 reads a chunk in the process, and the migration of older records runs before
     * the column exists).
     */
    static void insert(Connection c, List<LogChunk> chunks, boolean oneByOne, boolean withPeople) throws SQLException {
        try (PreparedStatement chunk = c.prepareStatement("INSERT INTO decision_chunks (chunk_id, first_id, last_id,"
                + " lines, head, body" + (withPeople ? ", people) VALUES (?, ?, ?, ?, ?, ?, ?)" : ") VALUES (?, ?, ?,"
                + " ?, ?, ?)"));
             PreparedStatement filter = c.prepareStatement("INSERT INTO decision_filters (chunk_id, first_at,"
                     + " last_at, kind, business_id, campaign_id, policy_version, lines, counts, key_filter) VALUES"
                     + " (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
             PreparedStatement existing = c.prepareStatement("SELECT first_id, last_id, lines FROM decision_chunks"
                     + " WHERE chunk_id = ?")) {
            for (LogChunk x : chunks) {
                long id = idOf(x);
                if (oneByOne) {
                    String stored;
                    String same = x.firstId() + " " + x.lastId() + " " + x.lines().size();
                    while ((stored = storedAt(existing, id)) != null) {
                        if (stored.equals(same)) {
                            id = -1; // written by an earlier attempt whose answer was lost
                            break;
                        }
                        id++;
                    }
                    if (id < 0) {
                        continue;
                    }
                }
                chunk.setLong(1, id);
                chunk.setString(2, x.firstId());
                chunk.setString(3, x.lastId());
                chunk.setInt(4, x.lines().size());
                chunk.setBytes(5, x.head() == null ? null : x.head().getBytes(StandardCharsets.UTF_8));
                int[] ends = new int[x.lines().size()];
                chunk.setBytes(6, x.bodyBytes(ends));
                long[] persons = personHashes(x);
                if (withPeople) {
                    chunk.setBytes(7, people(persons, ends));
                }
                filter.setLong(1, id);
                filter.setObject(2, utc(x.firstAt()));
                filter.setObject(3, utc(x.lastAt()));
                filter.setString(4, x.kind());
                filter.setString(5, x.businessId());
                filter.setString(6, x.campaignId());
                filter.setString(7, x.policyVersion());
                filter.setInt(8, x.lines().size());
                filter.setString(9, x.counts());
                filter.setBytes(10, keys(x, persons));
                if (oneByOne) {
                    chunk.executeUpdate();
                    filter.executeUpdate();
                } else {
                    chunk.addBatch();
                    filter.addBatch();
                }
            }
            if (!oneByOne) {
                chunk.executeBatch();
                filter.executeBatch();
            }
        }
    }

    /** The chunk stored under {@code id} as "first-id last-id lines", or null when there is none. */
    private static String storedAt(PreparedStatement existing, long id) throws SQLException {
        existing.setLong(1, id);
        try (ResultSet rs = existing.executeQuery()) {
            return rs.next() ? rs.getString(1) + " " + rs.getString(2) + " " + rs.getInt(3) : null;
        }
    }

    /** Its first instant's millisecond, then 22 bits of its first id's hash: time-ordered, and the same every time. */
    private static long idOf(LogChunk chunk) {
        return (chunk.firstAt().toEpochMilli() << 22) | (KeyFilter.hash(chunk.firstId()) & 0x3FFFFFL);
    }

    /** The Bloom filter of a chunk's people, businesses and campaigns (sized for every line's three keys). */
    /** Each line's person key hash ({@link KeyFilter#hash(char, String)}), 0 for a line without a person. */
    private static long[] personHashes(LogChunk chunk) {
        long[] hashes = new long[chunk.lines().size()];
        for (int i = 0; i < hashes.length; i++) {
            String person = chunk.lines().get(i).personId();
            hashes[i] = person == null ? 0 : KeyFilter.hash('p', person);
        }
        return hashes;
    }

    /**
     * Each line's person (the low 32 bits of its key hash; 0 for none) and where it ends in the body, 8 bytes a line:
     * a search by person reads this, then only the lines that may be theirs.
     */
    private static byte[] people(long[] persons, int[] ends) {
        java.nio.ByteBuffer people = java.nio.ByteBuffer.allocate(8 * ends.length);
        for (int i = 0; i < ends.length; i++) {
            people.putInt((int) persons[i]).putInt(ends[i]);
        }
        return people.array();
    }

    /** The chunk's Bloom filter: its people (their hashes given), businesses and campaigns. */
    private static byte[] keys(LogChunk chunk, long[] persons) {
        byte[] filter = KeyFilter.sized(chunk.businessId() != null && chunk.campaignId() != null
                ? chunk.lines().size() + 2 : chunk.lines().size() * 3);
        if (chunk.businessId() != null) {
            KeyFilter.add(filter, KeyFilter.hash('b', chunk.businessId()));
        }
        if (chunk.campaignId() != null) {
            KeyFilter.add(filter, KeyFilter.hash('c', chunk.campaignId()));
        }
        for (int i = 0; i < persons.length; i++) {
            LogChunk.Line line = chunk.lines().get(i);
            if (line.personId() != null) {
                KeyFilter.add(filter, persons[i]);
            }
            if (chunk.businessId() == null) {
                KeyFilter.add(filter, KeyFilter.hash('b', line.businessId()));
            }
            if (chunk.campaignId() == null) {
                KeyFilter.add(filter, KeyFilter.hash('c', line.campaignId()));
            }
        }
        return filter;
    }

    @Override
    public long deleteBefore(Instant cutoff) throws SQLException {
        try (Connection c = data.getConnection()) {
            c.setAutoCommit(false);
            try (PreparedStatement count = c.prepareStatement("SELECT COALESCE(SUM(lines), 0) FROM decision_filters"
                    + " WHERE last_at < ?");
                 PreparedStatement chunks = c.prepareStatement("DELETE FROM decision_chunks WHERE chunk_id IN"
                         + " (SELECT chunk_id FROM decision_filters WHERE last_at < ?)");
                 PreparedStatement filters = c.prepareStatement("DELETE FROM decision_filters WHERE last_at < ?")) {
                OffsetDateTime at = utc(cutoff);
                count.setObject(1, at);
                long n;
                try (ResultSet rs = count.executeQuery()) {
                    rs.next();
                    n = rs.getLong(1);
                }
                chunks.setObject(1, at);
                chunks.executeUpdate();
                filters.setObject(1, at);
                filters.executeUpdate();
                c.commit();
                return n;
            } catch (SQLException e) {
                c.rollback();
                throw e;
            }
        }
    }

    @Override
    public void close() {
        // the pool belongs to the ledger's database
    }

    /** A chunk's filter row: enough to pass it over without reading it. */
    private record FilterRow(long chunkId, Instant firstAt, Instant lastAt, String businessId, String campaignId,
                             String counts, byte[] keys, int lines) {
        /** The row a query of {@link #FILTER_COLUMNS} is on. */
        static FilterRow read(ResultSet rs) throws SQLException {
            return new FilterRow(rs.getLong(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                    rs.getObject(3, OffsetDateTime.class).toInstant(), rs.getString(4), rs.getString(5),
                    rs.getString(6), rs.getBytes(7), rs.getInt(8));
        }

        boolean mayHold(String personId, String businessId, String campaignId, String outcome, String code) {
            if (personId != null && !KeyFilter.mightContain(keys, 'p', personId)) {
                return false;
            }
            if (businessId != null && !(this.businessId == null
                    ? KeyFilter.mightContain(keys, 'b', businessId) : this.businessId.equals(businessId))) {
                return false;
            }
            if (campaignId != null && !(this.campaignId == null
                    ? KeyFilter.mightContain(keys, 'c', campaignId) : this.campaignId.equals(campaignId))) {
                return false;
            }
            int bar = counts.indexOf('|');
            if (outcome != null && !(" " + counts.substring(0, bar)).contains(" " + outcome + "=")) {
                return false;
            }
            return code == null || counts.substring(bar).contains(" " + code + "=");
        }
    }

    /** A line with the chunk it came from, in the merge. */
    private record Found(LogChunk chunk, LogChunk.Line line) {
    }

    private static final Comparator<Found> NEWEST_FIRST = Comparator
            .comparing((Found f) -> f.line().at()).thenComparing(f -> f.line().decisionId()).reversed();
    private static final Comparator<Found> OLDEST_FIRST = Comparator
            .comparing((Found f) -> f.line().at()).thenComparing(f -> f.line().decisionId());

    /**
     * The lines of the chunks in [from, to) that match, merged into one order: newest first, or oldest first. The
     * filter rows come ordered by their latest instant (newest first) or earliest (oldest first): a line is passed on
     * once no chunk still to come can hold one that goes before it.
     *
     * @param sink receives each line; false stops
     */
    private void scan(Connection c, boolean newestFirst, Instant from, Instant to, String businessId,
                      String campaignId, Predicate<FilterRow> candidate, Predicate<LogChunk.Line> matches,
                      Predicate<Found> sink) throws SQLException {
        scan(c, newestFirst, from, to, businessId, campaignId, null, candidate, matches, sink);
    }

    /** As above; with a person, only that person's lines of each chunk are decoded. */
    private void scan(Connection c, boolean newestFirst, Instant from, Instant to, String businessId,
                      String campaignId, String personId, Predicate<FilterRow> candidate,
                      Predicate<LogChunk.Line> matches, Predicate<Found> sink) throws SQLException {
        List<Object> args = new ArrayList<>();
        boolean inDatabase = personId != null && probesInDatabase(c);
        String sql = filterQuery(FILTER_COLUMNS, from, to, campaignId, businessId, inDatabase ? personId : null,
                newestFirst ? "last_at DESC, chunk_id DESC" : "first_at, chunk_id", args);
        PriorityQueue<Found> waiting = new PriorityQueue<>(newestFirst ? NEWEST_FIRST : OLDEST_FIRST);
        try (PreparedStatement select = c.prepareStatement(sql);
             PreparedStatement body = c.prepareStatement(CHUNK_BY_ID);
             PersonsLines personsLines = inDatabase ? new PersonsLines(c, body) : null) {
            bind(select, args);
            select.setFetchSize(1_000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    FilterRow row = FilterRow.read(rs);
                    Instant bound = newestFirst ? row.lastAt() : row.firstAt();
                    while (!waiting.isEmpty() && (newestFirst ? waiting.peek().line().at().isAfter(bound)
                            : waiting.peek().line().at().isBefore(bound))) {
                        if (!sink.test(waiting.poll())) {
                            return;
                        }
                    }
                    if (!candidate.test(row)) {
                        continue;
                    }
                    LogChunk chunk = personsLines != null ? personsLines.read(row.chunkId(), personId)
                            : chunk(body, row.chunkId(), personId);
                    if (chunk == null) {
                        continue; // deleted by retention meanwhile
                    }
                    for (LogChunk.Line line : chunk.lines()) {
                        if ((from == null || !line.at().isBefore(from)) && (to == null || line.at().isBefore(to))
                                && (businessId == null || businessId.equals(line.businessId()))
                                && (campaignId == null || campaignId.equals(line.campaignId()))
                                && matches.test(line)) {
                            waiting.add(new Found(chunk, line));
                        }
                    }
                }
            }
            while (!waiting.isEmpty()) {
                if (!sink.test(waiting.poll())) {
                    return;
                }
            }
        }
    }

    /**
     * The filter rows of the chunks that may hold a record in [from, to) (and of the campaign and business, or of
     * chunks that mix them), with the given columns, in the given order; its arguments are added to {@code args}.
     */
    private static String filterQuery(String columns, Instant from, Instant to, String campaignId, String businessId,
                                      String order, List<Object> args) {
        return filterQuery(columns, from, to, campaignId, businessId, null, order, args);
    }

    /**
     * As above; with a person, the database tests each chunk's Bloom filter for them itself, and only the chunks
     * that may hold them come back (a person's search passes over thousands of chunks; their filters stay put).
     */
    private static String filterQuery(String columns, Instant from, Instant to, String campaignId, String businessId,
                                      String personId, String order, List<Object> args) {
        StringBuilder sql = new StringBuilder("SELECT " + columns + " FROM decision_filters WHERE 1 = 1");
        if (from != null) {
            sql.append(" AND last_at >= ?");
            args.add(utc(from));
        }
        if (to != null) {
            sql.append(" AND first_at < ?");
            args.add(utc(to));
        }
        if (campaignId != null) {
            sql.append(" AND (campaign_id = ? OR campaign_id IS NULL)");
            args.add(campaignId);
        }
        if (businessId != null) {
            sql.append(" AND (business_id = ? OR business_id IS NULL)");
            args.add(businessId);
        }
        if (personId != null) {
            for (long probe : KeyFilter.probes('p', personId)) {
                sql.append(" AND ").append(KeyFilter.PROBE_CONDITION);
                args.add(probe);
            }
        }
        return order == null ? sql.toString() : sql.append(" ORDER BY ").append(order).toString();
    }

    private static LogChunk chunk(PreparedStatement body, long chunkId) throws SQLException {
        return chunk(body, chunkId, null);
    }

    /** A chunk by its id; with a person, holding only that person's lines (null: every line). */
    private static LogChunk chunk(PreparedStatement body, long chunkId, String personId) throws SQLException {
        body.setLong(1, chunkId);
        try (ResultSet rs = body.executeQuery()) {
            if (!rs.next()) {
                return null;
            }
            byte[] head = rs.getBytes(1);
            return LogChunk.read(head == null ? null : new String(head, StandardCharsets.UTF_8),
                    new String(rs.getBytes(2), StandardCharsets.UTF_8), personId);
        }
    }

    /**
     * Reads one person's lines of a chunk without reading the chunk: its people (8 bytes a line), then, for the
     * lines that may be theirs, only those bytes of its body (on PostgreSQL a substring of an uncompressed value
     * reads only the pages that hold it). A chunk written before the people column is read whole.
     */
    private static final class PersonsLines implements AutoCloseable {
        /** Lines closer than this are read in one piece rather than in two round trips. */
        private static final int GAP = 16 * 1024;
        private final PreparedStatement people;
        private final PreparedStatement bytes;
        private final PreparedStatement whole;

        PersonsLines(Connection c, PreparedStatement whole) throws SQLException {
            this.people = c.prepareStatement("SELECT head, people FROM decision_chunks WHERE chunk_id = ?");
            this.bytes = c.prepareStatement("SELECT substring(body FROM ? FOR ?) FROM decision_chunks"
                    + " WHERE chunk_id = ?");
            this.whole = whole;
        }

        LogChunk read(long chunkId, String personId) throws SQLException {
            byte[] head;
            byte[] index;
            people.setLong(1, chunkId);
            try (ResultSet rs = people.executeQuery()) {
                if (!rs.next()) {
                    return null; // deleted by retention meanwhile
                }
                head = rs.getBytes(1);
                index = rs.getBytes(2);
            }
            if (index == null) {
                return chunk(whole, chunkId, personId);
            }
            int target = (int) KeyFilter.hash('p', personId);
            java.nio.ByteBuffer lines = java.nio.ByteBuffer.wrap(index);
            StringBuilder text = new StringBuilder();
            int from = -1;
            int to = -1;
            for (int i = 0; i < index.length / 8; i++) {
                if (lines.getInt(8 * i) != target) {
                    continue;
                }
                int start = i == 0 ? 0 : lines.getInt(8 * i - 4) + 1;
                int end = lines.getInt(8 * i + 4);
                if (from >= 0 && start - to > GAP) {
                    append(text, chunkId, from, to);
                    from = -1;
                }
                if (from < 0) {
                    from = start;
                }
                to = end;
            }
            if (from < 0) {
                return null; // none of its lines is theirs (the filter's false positive)
            }
            append(text, chunkId, from, to);
            // the person's own lines are kept: the others in a span, and a hash's namesakes, are passed over
            return LogChunk.read(head == null ? null : new String(head, StandardCharsets.UTF_8), text.toString(),
                    personId);
        }

        private void append(StringBuilder text, long chunkId, int from, int to) throws SQLException {
            bytes.setInt(1, from + 1); // SQL counts from 1
            bytes.setInt(2, to - from);
            bytes.setLong(3, chunkId);
            try (ResultSet rs = bytes.executeQuery()) {
                rs.next();
                if (!text.isEmpty()) {
                    text.append('\n');
                }
                text.append(new String(rs.getBytes(1), StandardCharsets.UTF_8));
            }
        }

        @Override
        public void close() throws SQLException {
            try (people; bytes) {
                // both closed
            }
        }
    }

    @Override
    public Optional<String> find(String decisionId) {
        long millis = DecisionIds.millisOf(decisionId);
        String sql = millis >= 0
                ? "SELECT chunk_id FROM decision_chunks WHERE first_id >= ? AND first_id <= ? AND last_id >= ?"
                : "SELECT chunk_id FROM decision_chunks WHERE first_id <= ? AND last_id >= ?";
        List<Object> args = millis >= 0
                ? List.of(DecisionIds.firstAt(millis - ID_WINDOW_MILLIS), decisionId, decisionId)
                : List.of(decisionId, decisionId);
        return read(c -> {
            try (PreparedStatement body = c.prepareStatement(CHUNK_BY_ID)) {
                for (long id : chunkIds(c, sql, args)) {
                    LogChunk chunk = chunk(body, id);
                    if (chunk == null) {
                        continue;
                    }
                    for (LogChunk.Line line : chunk.lines()) {
                        if (line.decisionId().equals(decisionId)) {
                            return Optional.of(chunk.record(line));
                        }
                    }
                }
            }
            return Optional.<String>empty();
        });
    }

    @Override
    public Page list(DecisionQuery q) {
        Instant to = q.to();
        if (q.after() != null) {
            Instant bound = q.after().decidedAt().plusNanos(1_000); // lines at the cursor's instant are still due
            to = to == null || bound.isBefore(to) ? bound : to;
        }
        Instant until = to;
        return read(c -> {
            List<String> records = new ArrayList<>();
            DecisionQuery.Cursor[] last = new DecisionQuery.Cursor[1];
            boolean[] more = new boolean[1];
            scan(c, true, q.from(), until, q.businessId(), q.campaignId(), q.personId(),
                    row -> row.mayHold(q.personId(), q.businessId(), q.campaignId(), q.outcome(), q.code()),
                    line -> matches(line, q),
                    found -> {
                        if (records.size() == q.limit()) {
                            more[0] = true;
                            return false;
                        }
                        records.add(found.chunk().record(found.line()));
                        last[0] = new DecisionQuery.Cursor(found.line().at(), found.line().decisionId());
                        return true;
                    });
            return new Page(records, more[0] ? last[0] : null);
        });
    }

    private static boolean matches(LogChunk.Line line, DecisionQuery q) {
        if (q.personId() != null && !q.personId().equals(line.personId())) {
            return false;
        }
        if (q.outcome() != null && !q.outcome().equals(line.outcome())) {
            return false;
        }
        if (q.code() != null && !line.codes().contains(q.code())) {
            return false;
        }
        DecisionQuery.Cursor after = q.after();
        if (after != null) {
            int byTime = line.at().compareTo(after.decidedAt());
            return byTime < 0 || (byTime == 0 && line.decisionId().compareTo(after.decisionId()) < 0);
        }
        return true;
    }

    /**
     * Counts of one campaign's decisions (of every decision when {@code campaignId} is null): chunks that lie wholly
     * in the range and hold only that campaign add their stored counts; only those that straddle an end of the range
     * or mix campaigns are read line by line.
     */
    @Override
    public Summary summary(String campaignId, Instant from, Instant to) {
        return read(c -> {
            Map<String, Long> byOutcome = new TreeMap<>();
            Map<String, Long> byCode = new TreeMap<>();
            long[] total = new long[1];
            List<Object> args = new ArrayList<>();
            String sql = filterQuery(FILTER_COLUMNS, from, to, campaignId, null, null, args);
            List<Long> toRead = new ArrayList<>();
            try (PreparedStatement select = c.prepareStatement(sql)) {
                bind(select, args);
                select.setFetchSize(1_000);
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        FilterRow row = FilterRow.read(rs);
                        boolean inside = (from == null || !row.firstAt().isBefore(from))
                                && (to == null || row.lastAt().isBefore(to));
                        boolean whole = campaignId == null || campaignId.equals(row.campaignId());
                        if (inside && whole) {
                            total[0] += LogChunk.addCounts(row.counts(), byOutcome, byCode);
                        } else if (campaignId == null || row.campaignId() != null
                                || KeyFilter.mightContain(row.keys(), 'c', campaignId)) {
                            toRead.add(row.chunkId());
                        }
                    }
                }
            }
            try (PreparedStatement body = c.prepareStatement(CHUNK_BY_ID)) {
                for (long id : toRead) {
                    LogChunk chunk = chunk(body, id);
                    if (chunk == null) {
                        continue;
                    }
                    for (LogChunk.Line line : chunk.lines()) {
                        if ((campaignId == null || campaignId.equals(line.campaignId()))
                                && (from == null || !line.at().isBefore(from)) && (to == null || line.at().isBefore(to))) {
                            total[0]++;
                            byOutcome.merge(line.outcome(), 1L, Long::sum);
                            for (String code : line.codes()) {
                                byCode.merge(code, 1L, Long::sum);
                            }
                        }
                    }
                }
            }
            return new Summary(total[0], byOutcome, byCode);
        });
    }

    /** Every record in [from, to), oldest first, whole (each line with its chunk's shared facts). */
    @Override
    public void export(Instant from, Instant to, Consumer<String> out) {
        read(c -> {
            c.setAutoCommit(false); // PostgreSQL streams with a fetch size only inside a transaction
            try {
                scan(c, false, from, to, null, null, row -> true, line -> true, found -> {
                    out.accept(found.chunk().record(found.line()));
                    return true;
                });
            } finally {
                c.rollback();
            }
            return null;
        });
    }

    /**
     * Every chunk holding a record in [from, to), oldest first, as stored: replay reads each batch's shared facts
     * once (the caller skips the lines outside the range).
     */
    @Override
    public void chunks(Instant from, Instant to, Consumer<LogChunk> out) {
        read(c -> {
            c.setAutoCommit(false);
            List<Object> args = new ArrayList<>();
            String sql = filterQuery("chunk_id", from, to, null, null, "first_at, chunk_id", args);
            List<Long> ids = chunkIds(c, sql, args);
            try (PreparedStatement body = c.prepareStatement(CHUNK_BY_ID)) {
                for (long id : ids) {
                    LogChunk chunk = chunk(body, id);
                    if (chunk != null) {
                        out.accept(chunk);
                    }
                }
            } finally {
                c.rollback();
            }
            return null;
        });
    }

    /** The most recent {@code limit} records made at or after {@code from}, oldest first (the reload gate's input). */
    public void recent(Instant from, int limit, Consumer<String> out) {
        List<String> newest = new ArrayList<>();
        read(c -> {
            scan(c, true, from, null, null, null, row -> true, line -> true, found -> {
                newest.add(found.chunk().record(found.line()));
                return newest.size() < limit;
            });
            return null;
        });
        for (int i = newest.size() - 1; i >= 0; i--) {
            out.accept(newest.get(i));
        }
    }

    /**
     * Replaces a person's id by {@code token} in every record that names them (their other facts stay, so counts,
     * summaries and replays still hold); the person's id is then nowhere in the log.
     *
     * @return how many records changed
     */
    public long pseudonymize(String personId, String token) {
        return read(c -> {
            c.setAutoCommit(false);
            long changed = 0;
            try (PreparedStatement select = c.prepareStatement("SELECT chunk_id, key_filter FROM decision_filters");
                 PreparedStatement body = c.prepareStatement(CHUNK_BY_ID + " FOR UPDATE");
                 PreparedStatement update = c.prepareStatement("UPDATE decision_chunks SET body = ?, people = ?"
                         + " WHERE chunk_id = ?");
                 PreparedStatement filter = c.prepareStatement("UPDATE decision_filters SET key_filter = ? WHERE"
                         + " chunk_id = ?")) {
                List<Long> ids = new ArrayList<>();
                try (ResultSet rs = select.executeQuery()) {
                    while (rs.next()) {
                        if (KeyFilter.mightContain(rs.getBytes(2), 'p', personId)) {
                            ids.add(rs.getLong(1));
                        }
                    }
                }
                for (long id : ids) {
                    LogChunk chunk = chunk(body, id);
                    if (chunk == null) {
                        continue;
                    }
                    LogChunk.Erased erased = chunk.erase(personId, token);
                    if (erased.lines() > 0) {
                        LogChunk after = erased.chunk();
                        int[] ends = new int[after.lines().size()];
                        update.setBytes(1, after.bodyBytes(ends));
                        long[] persons = personHashes(after);
                        update.setBytes(2, probesInDatabase(c) ? people(persons, ends) : null);
                        update.setLong(3, id);
                        update.executeUpdate();
                        // the filter is made again without them: it no longer answers "maybe" for their id
                        filter.setBytes(1, keys(after, persons));
                        filter.setLong(2, id);
                        filter.executeUpdate();
                        changed += erased.lines();
                    }
                }
                c.commit();
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
            return changed;
        });
    }

    @Override
    public void saveVersion(String version, Instant loadedAt, String origin, String filesJson) {
        try (Connection c = data.getConnection();
             PreparedStatement insert = c.prepareStatement("INSERT INTO policy_versions (version, first_loaded_at,"
                     + " origin, files) SELECT ?, ?, ?, ? WHERE NOT EXISTS (SELECT 1 FROM policy_versions WHERE"
                     + " version = ?)")) {
            insert.setString(1, version);
            insert.setObject(2, utc(loadedAt));
            insert.setString(3, origin.length() > 1024 ? origin.substring(0, 1024) : origin);
            insert.setString(4, filesJson);
            insert.setString(5, version);
            insert.executeUpdate();
        } catch (SQLException e) {
            if (!"23505".equals(e.getSQLState())) { // another instance stored the same version at the same moment
                throw unavailable(e);
            }
        }
    }

    @Override
    public List<VersionInfo> versions() {
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT version, first_loaded_at, origin FROM"
                    + " policy_versions ORDER BY first_loaded_at DESC, version");
                 ResultSet rs = select.executeQuery()) {
                List<VersionInfo> all = new ArrayList<>();
                while (rs.next()) {
                    all.add(new VersionInfo(rs.getString(1), rs.getObject(2, OffsetDateTime.class).toInstant(),
                            rs.getString(3)));
                }
                return all;
            }
        });
    }

    @Override
    public Optional<String> versionFiles(String version) {
        return read(c -> {
            try (PreparedStatement select = c.prepareStatement("SELECT files FROM policy_versions WHERE version = ?")) {
                select.setString(1, version);
                try (ResultSet rs = select.executeQuery()) {
                    return rs.next() ? Optional.of(rs.getString(1)) : Optional.<String>empty();
                }
            }
        });
    }

    private interface Work<T> {
        T on(Connection c) throws SQLException;
    }

    /** The chunk ids a query of one column answers, all read before any chunk is. */
    private static List<Long> chunkIds(Connection c, String sql, List<Object> args) throws SQLException {
        List<Long> ids = new ArrayList<>();
        try (PreparedStatement select = c.prepareStatement(sql)) {
            bind(select, args);
            select.setFetchSize(10_000);
            try (ResultSet rs = select.executeQuery()) {
                while (rs.next()) {
                    ids.add(rs.getLong(1));
                }
            }
        }
        return ids;
    }

    /** Whether the database tests a Bloom filter itself (PostgreSQL's get_bit; H2 reads the filters in process). */
    private boolean probesInDatabase(Connection c) throws SQLException {
        Boolean known = probesInDatabase;
        if (known == null) {
            known = "PostgreSQL".equals(c.getMetaData().getDatabaseProductName());
            probesInDatabase = known;
        }
        return known;
    }

    private <T> T read(Work<T> work) {
        try (Connection c = data.getConnection()) {
            return work.on(c);
        } catch (SQLException e) {
            throw unavailable(e);
        }
    }

    private static void bind(PreparedStatement statement, List<Object> args) throws SQLException {
        for (int i = 0; i < args.size(); i++) {
            statement.setObject(i + 1, args.get(i));
        }
    }

    private static OffsetDateTime utc(Instant instant) {
        return OffsetDateTime.ofInstant(instant, ZoneOffset.UTC);
    }

    /** Never the driver's text in an answer (it can hold SQL and data); the cause keeps it for the server's log. */
    private static LedgerUnavailableException unavailable(SQLException e) {
        return new LedgerUnavailableException("the decision log's database is unavailable (SQLState "
                + e.getSQLState() + ")", e);
    }
}
