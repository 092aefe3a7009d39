-- The conversation ledger. Everything about a thread is keyed by (business_id, person_id), the key to shard on.
-- Written for PostgreSQL; H2 runs it in its PostgreSQL mode.

CREATE TABLE businesses (
    id                         VARCHAR(256) PRIMARY KEY,
    sponsored_messages_enabled BOOLEAN      NOT NULL,
    updated_at                 TIMESTAMP WITH TIME ZONE NOT NULL
);

CREATE TABLE campaigns (
    id          VARCHAR(256) PRIMARY KEY,
    business_id VARCHAR(256) NOT NULL,
    objective   VARCHAR(32)  NOT NULL,
    updated_at  TIMESTAMP WITH TIME ZONE NOT NULL
);

-- Every event ever accepted, once: the idempotency record (a repeated event_id is a duplicate).
CREATE TABLE events (
    business_id VARCHAR(256) NOT NULL,
    person_id   VARCHAR(256) NOT NULL,
    event_id    VARCHAR(256) NOT NULL,
    type        VARCHAR(32)  NOT NULL,
    occurred_at TIMESTAMP WITH TIME ZONE NOT NULL,
    received_at TIMESTAMP WITH TIME ZONE NOT NULL,
    PRIMARY KEY (business_id, person_id, event_id)
);

-- The state folded from a thread's events (see ThreadState).
CREATE TABLE threads (
    business_id              VARCHAR(256) NOT NULL,
    person_id                VARCHAR(256) NOT NULL,
    last_interaction_at      TIMESTAMP WITH TIME ZONE,
    last_business_message_at TIMESTAMP WITH TIME ZONE,
    blocked                  BOOLEAN NOT NULL,
    block_changed_at         TIMESTAMP WITH TIME ZONE,
    messages_off             BOOLEAN NOT NULL,
    messages_changed_at      TIMESTAMP WITH TIME ZONE,
    PRIMARY KEY (business_id, person_id)
);

-- The size of each business's custom audience (open thread, not blocked, messages on), kept as events arrive.
CREATE TABLE audience_sizes (
    business_id VARCHAR(256) PRIMARY KEY,
    members     BIGINT NOT NULL
);
