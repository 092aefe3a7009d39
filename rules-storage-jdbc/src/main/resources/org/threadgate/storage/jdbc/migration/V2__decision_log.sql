-- The decision log: every decision the service made, with the complete facts its rules saw (the column "record", the
-- JSON that `threadgate decisions export` prints), and the columns it is queried by. Written off the request path.

CREATE TABLE decision_log (
    decision_id    VARCHAR(64)   PRIMARY KEY,
    decided_at     TIMESTAMP WITH TIME ZONE NOT NULL,
    kind           VARCHAR(16)   NOT NULL,
    outcome        VARCHAR(16)   NOT NULL,
    business_id    VARCHAR(256)  NOT NULL,
    campaign_id    VARCHAR(256)  NOT NULL,
    person_id      VARCHAR(256),
    -- the reason codes, each between single spaces (" AUDIENCE_TOO_SMALL NO_OPEN_THREAD "), so one matches by LIKE
    codes          VARCHAR(2048) NOT NULL,
    policy_version VARCHAR(64)   NOT NULL,
    record         VARCHAR(1000000) NOT NULL
);
CREATE INDEX decision_log_by_time ON decision_log (decided_at, decision_id);
CREATE INDEX decision_log_by_person ON decision_log (person_id, decided_at);
CREATE INDEX decision_log_by_campaign ON decision_log (campaign_id, decided_at);

-- Every policy version that went live, once, with its files: an old decision can be evaluated again under the exact
-- rules that made it.
CREATE TABLE policy_versions (
    version         VARCHAR(64)   PRIMARY KEY,
    first_loaded_at TIMESTAMP WITH TIME ZONE NOT NULL,
    origin          VARCHAR(1024) NOT NULL,
    files           VARCHAR(1000000) NOT NULL
);
