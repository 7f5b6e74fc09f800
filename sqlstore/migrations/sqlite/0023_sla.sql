-- SLA policies: targets in minutes (0: no target) for the first response, each next response
-- and the resolution, counted in the inbox's business hours or in calendar time, and how many
-- minutes before a breach the warning comes (0: none).
CREATE TABLE sla_policies (
    id                     INTEGER PRIMARY KEY,
    name                   TEXT    NOT NULL,
    name_key               TEXT    NOT NULL UNIQUE,
    first_response_minutes INTEGER NOT NULL DEFAULT 0,
    next_response_minutes  INTEGER NOT NULL DEFAULT 0,
    resolution_minutes     INTEGER NOT NULL DEFAULT 0,
    business_hours         BOOLEAN NOT NULL DEFAULT FALSE,
    warn_minutes           INTEGER NOT NULL DEFAULT 0,
    created_at             BIGINT  NOT NULL,
    updated_at             BIGINT  NOT NULL
);

-- The policy a conversation runs under (NULL: none). Read with the row the paths that take
-- messages load already, so a conversation without one costs nothing more.
ALTER TABLE conversations ADD COLUMN sla_policy_id BIGINT REFERENCES sla_policies (id) ON DELETE SET NULL;
CREATE INDEX conversations_sla_policy ON conversations (sla_policy_id) WHERE sla_policy_id IS NOT NULL;

-- Each running or finished target of a conversation's policy: when it started, is due, warns;
-- when it was met, warned, breached. A next response's row is replaced by the next one.
CREATE TABLE conversation_sla (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    target          TEXT   NOT NULL,
    started_at      BIGINT NOT NULL,
    due_at          BIGINT NOT NULL,
    warning_at      BIGINT,
    met_at          BIGINT,
    warned_at       BIGINT,
    breached_at     BIGINT,
    PRIMARY KEY (conversation_id, target)
);

-- Every breach, for reports: the policy's id and name as they were.
CREATE TABLE sla_breaches (
    id              INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    inbox_id        BIGINT NOT NULL,
    policy_id       BIGINT NOT NULL,
    policy_name     TEXT   NOT NULL,
    target          TEXT   NOT NULL,
    due_at          BIGINT NOT NULL,
    breached_at     BIGINT NOT NULL,
    UNIQUE (conversation_id, target, due_at)
);
CREATE INDEX sla_breaches_time ON sla_breaches (breached_at);
