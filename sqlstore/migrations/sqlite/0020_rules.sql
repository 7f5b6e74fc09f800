-- Rules: "when this happens, if these hold, do that" (see switchboard.Rule). when_, if_ and
-- then_ are the rule's JSON documents; name_key is the lower-cased name, unique.
CREATE TABLE rules (
    id              INTEGER PRIMARY KEY,
    name            TEXT    NOT NULL,
    name_key        TEXT    NOT NULL UNIQUE,
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    position        INTEGER NOT NULL,
    stop_processing BOOLEAN NOT NULL DEFAULT FALSE,
    when_           TEXT    NOT NULL,
    if_             TEXT    NOT NULL DEFAULT 'null',
    then_           TEXT    NOT NULL,
    last_run_at     BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

-- The run log: one row per (rule, trigger) at most, written in the transaction that applies
-- the rule's actions, so a rule runs once per trigger across nodes and crashes. trigger_key is
-- "event:<id>" or "timer:<message id>".
CREATE TABLE rule_runs (
    id               INTEGER PRIMARY KEY,
    rule_id          BIGINT  NOT NULL REFERENCES rules (id) ON DELETE CASCADE,
    trigger_key      TEXT    NOT NULL,
    conversation_id  BIGINT  NOT NULL,
    trigger_event_id BIGINT,
    outcome          TEXT    NOT NULL,
    actions          TEXT    NOT NULL DEFAULT '[]',
    created_at       BIGINT  NOT NULL,
    UNIQUE (rule_id, trigger_key)
);
CREATE INDEX rule_runs_rule ON rule_runs (rule_id, id);
