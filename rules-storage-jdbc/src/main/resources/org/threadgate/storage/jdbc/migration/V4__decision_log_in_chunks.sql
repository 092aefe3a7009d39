-- The decision log in chunks (issue 26): the decisions written together are one row of decision_chunks, whose head
-- holds once what the lines of a batch, stream or audience share (business, campaign, instant, policy version, how
-- they were asked) and whose body holds one line per decision (its search fields, its own facts and its outcome).
-- decision_filters holds what a search needs to pass a chunk over without reading it: its time range, its campaign
-- and business when all its lines share them, its counts by outcome and reason code (the summary adds these), and a
-- Bloom filter of its people, businesses and campaigns. Records written before this version are moved into chunks
-- by the next migration (V5, in Java), which then drops decision_log.

CREATE TABLE decision_chunks (
    chunk_id BIGINT PRIMARY KEY,
    first_id VARCHAR(64)      NOT NULL,
    last_id  VARCHAR(64)      NOT NULL,
    lines    INTEGER          NOT NULL,
    -- UTF-8 JSON and lines, kept as bytes: the database neither caches, hashes nor (on PostgreSQL, see V5)
    -- compresses a chunk's text on the write path. ${large_bytes} is BYTEA, or on H2 a BINARY LARGE OBJECT (kept
    -- beside the table's pages, so that adding a chunk does not rewrite the page holding the one before it)
    head     ${large_bytes},
    body     ${large_bytes}   NOT NULL
);
CREATE INDEX decision_chunks_by_id ON decision_chunks (first_id, last_id);

CREATE TABLE decision_filters (
    chunk_id       BIGINT PRIMARY KEY,
    first_at       TIMESTAMP WITH TIME ZONE NOT NULL,
    last_at        TIMESTAMP WITH TIME ZONE NOT NULL,
    kind           VARCHAR(16),
    business_id    VARCHAR(256),
    campaign_id    VARCHAR(256),
    policy_version VARCHAR(64),
    lines          INTEGER        NOT NULL,
    counts         VARCHAR(20000) NOT NULL,
    key_filter     BYTEA          NOT NULL
);
CREATE INDEX decision_filters_by_last ON decision_filters (last_at);
CREATE INDEX decision_filters_by_first ON decision_filters (first_at);
CREATE INDEX decision_filters_by_campaign ON decision_filters (campaign_id, last_at);

-- Every erasure of a person (DELETE /v1/people/{personId}, `threadgate people erase`): when, by whom, how many rows
-- of each kind. Never the person's id, nor the token that now stands for them in the decision log (kept nowhere, so
-- that nothing links the two).
CREATE TABLE erasures (
    erasure_id  VARCHAR(64)  PRIMARY KEY,
    erased_at   TIMESTAMP WITH TIME ZONE NOT NULL,
    caller      VARCHAR(256),
    threads     INTEGER      NOT NULL,
    events      INTEGER      NOT NULL,
    deliveries  INTEGER      NOT NULL,
    records     BIGINT       NOT NULL
);
CREATE INDEX erasures_by_time ON erasures (erased_at);
