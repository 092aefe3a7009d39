package org.threadgate.service.decisionlog;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/** Reading the decision log and the stored policy versions (the database store answers; file logs cannot). */
public interface DecisionStore {
    /** One page of records, newest first, with the cursor of the next page ({@code null} on the last). */
    record Page(List<String> records, DecisionQuery.Cursor next) {
    }

    /** Counts of a campaign's decisions in a time range, by outcome and by reason code. */
    record Summary(long decisions, Map<String, Long> byOutcome, Map<String, Long> byCode) {
    }

    /** A policy version that went live: when first, from where. */
    record VersionInfo(String version, Instant firstLoadedAt, String origin) {
    }

    Optional<String> find(String decisionId);

    Page list(DecisionQuery query);

    Summary summary(String campaignId, Instant from, Instant to);

    /** Every record made in [from, to) (either may be null), oldest first, each as one line of JSON. */
    void export(Instant from, Instant to, Consumer<String> out);

    /** Stores a version that went live with its files (JSON), once; later calls for the same version do nothing. */
    void saveVersion(String version, Instant loadedAt, String origin, String filesJson);

    List<VersionInfo> versions();

    /** The files of a version as stored (JSON), when known. */
    Optional<String> versionFiles(String version);
}
