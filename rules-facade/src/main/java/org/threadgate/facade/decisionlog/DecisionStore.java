package org.threadgate.facade.decisionlog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reading the decision log and the stored policy versions (the database store answers; file logs cannot). */
public interface DecisionStore {
    /**
     * One page of records, newest first, with the cursor of the next page ({@code null} on the last).
     *
     * @param records each record as one line of JSON
     * @param next    where the next page starts, or null
     */
    record Page(List<String> records, DecisionQuery.Cursor next) {
    }

    /**
     * Counts of a campaign's decisions in a time range, by outcome and by reason code.
     *
     * @param decisions how many in all
     * @param byOutcome how many per outcome
     * @param byCode    how many per reason code
     */
    record Summary(long decisions, Map<String, Long> byOutcome, Map<String, Long> byCode) {
    }

    /**
     * A policy version that went live: when first, from where.
     *
     * @param version       the policy version
     * @param firstLoadedAt when it first went live
     * @param origin        where it was loaded from
     */
    record VersionInfo(String version, Instant firstLoadedAt, String origin) {
    }

    /**
     * One record by its decision id.
     *
     * @param decisionId the id the decision was answered with
     * @return the record as one line of JSON, when stored
     */
    Optional<String> find(String decisionId);

    /**
     * One page of the records a query selects.
     *
     * @param query the filters, the cursor and the page size
     * @return the page, newest first
     */
    Page list(DecisionQuery query);

    /**
     * Counts of one campaign's decisions.
     *
     * @param campaignId the campaign
     * @param from       made at or after (inclusive), or null
     * @param to         made before (exclusive), or null
     * @return the counts
     */
    Summary summary(String campaignId, Instant from, Instant to);

    /**
     * Every record made in [from, to) (either may be null), oldest first, each as one line of JSON.
     *
     * @param from made at or after (inclusive), or null
     * @param to   made before (exclusive), or null
     * @param out  receives each record
     */
    void export(Instant from, Instant to, Consumer<String> out);

    /**
     * Every record made in [from, to) as the store keeps it, in chunks (for replay, which then reads the facts a
     * batch's lines share once). A chunk may also hold records outside the range: the caller skips them. By default,
     * the {@linkplain #export exported} records in chunks of whole records.
     *
     * @param from made at or after (inclusive), or null
     * @param to   made before (exclusive), or null
     * @param out  receives each chunk, oldest first
     */
    default void chunks(Instant from, Instant to, Consumer<LogChunk> out) {
        List<String> records = new java.util.ArrayList<>();
        Consumer<List<String>> flush = batch -> {
            List<LogRecord> whole = new java.util.ArrayList<>(batch.size());
            for (String json : batch) {
                whole.add(LogRecord.parse(json));
            }
            LogChunk.ofRecords(whole).forEach(out);
            batch.clear();
        };
        export(from, to, record -> {
            records.add(record);
            if (records.size() == LogChunk.MAX_LINES) {
                flush.accept(records);
            }
        });
        if (!records.isEmpty()) {
            flush.accept(records);
        }
    }

    /**
     * Stores a version that went live with its files (JSON), once; later calls for the same version do nothing.
     *
     * @param version   the policy version
     * @param loadedAt  when it went live
     * @param origin    where it was loaded from
     * @param filesJson its files, as a JSON object of path to content
     */
    void saveVersion(String version, Instant loadedAt, String origin, String filesJson);

    /**
     * Every stored policy version.
     *
     * @return the versions, oldest first
     */
    List<VersionInfo> versions();

    /**
     * The files of a version as stored (JSON), when known.
     *
     * @param version the policy version
     * @return its files as stored
     */
    Optional<String> versionFiles(String version);
}
