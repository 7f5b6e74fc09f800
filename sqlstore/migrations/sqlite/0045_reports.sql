-- Reports (package reports decides, the store keeps). report_meta holds the follower's cursor
-- in the event log, and the backfill of history older than the reports: conversations up to
-- history_conversations are folded from their tables, with their messages up to
-- history_messages, next after history_next; events before cursor were written before the
-- reports and are told by the tables instead.
CREATE TABLE report_meta (
    id                    INTEGER PRIMARY KEY CHECK (id = 1),
    cursor                BIGINT NOT NULL,
    history_conversations BIGINT NOT NULL,
    history_messages      BIGINT NOT NULL,
    history_next          BIGINT NOT NULL
);
INSERT INTO report_meta (id, cursor, history_conversations, history_messages, history_next)
SELECT 1, COALESCE((SELECT MAX(id) FROM events), 0), COALESCE((SELECT MAX(id) FROM conversations), 0),
       COALESCE((SELECT MAX(id) FROM messages), 0), 0;

-- One row per fact (switchboard.ReportFact); conversation_id NULL for presence. AUTOINCREMENT
-- so ids are never reused after the newest facts are deleted (an erasure): a zone being built
-- holds the facts up to its through, and a new fact must come after it.
CREATE TABLE report_facts (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    kind            TEXT   NOT NULL,
    at              BIGINT NOT NULL,
    conversation_id BIGINT,
    inbox_id        BIGINT,
    channel         TEXT   NOT NULL DEFAULT '',
    agent_id        BIGINT,
    team_id         BIGINT,
    n               BIGINT NOT NULL DEFAULT 0,
    cal             BIGINT,
    biz             BIGINT
);
CREATE INDEX report_facts_conversation ON report_facts (conversation_id) WHERE conversation_id IS NOT NULL;

-- The fold's memory of each conversation (JSON of switchboard.ReportConvState), and its status
-- and assignee for the live counts.
CREATE TABLE report_conversations (
    conversation_id BIGINT PRIMARY KEY,
    status          TEXT   NOT NULL,
    agent_id        BIGINT,
    state           TEXT   NOT NULL
);

-- Each agent's presence as last folded.
CREATE TABLE report_agents (
    agent_id BIGINT PRIMARY KEY,
    presence TEXT   NOT NULL,
    since    BIGINT NOT NULL
);

-- Live counts of open conversations: key -1 all open, 0 unassigned, else an agent's id.
CREATE TABLE report_load (
    key BIGINT PRIMARY KEY,
    n   BIGINT NOT NULL
);

-- The time zones rolled up. A zone added when facts exist is built from them (facts up to
-- through so far) before it is ready.
CREATE TABLE report_zones (
    zone    TEXT    PRIMARY KEY,
    through BIGINT  NOT NULL DEFAULT 0,
    ready   BOOLEAN NOT NULL DEFAULT FALSE
);
INSERT INTO report_zones (zone, through, ready)
SELECT DISTINCT time_zone, 0, TRUE FROM agents WHERE time_zone <> '' AND time_zone <> 'UTC';
INSERT INTO report_zones (zone, through, ready) VALUES ('UTC', 0, TRUE);

-- The rollups: one row per zone, slice, slice id and local day (days since 1970-01-01), data
-- package reports' encoding of the day's figures.
CREATE TABLE report_days (
    zone     TEXT    NOT NULL,
    slice    TEXT    NOT NULL,
    slice_id TEXT    NOT NULL,
    day      INTEGER NOT NULL,
    data     BLOB    NOT NULL,
    PRIMARY KEY (zone, slice, slice_id, day)
);
