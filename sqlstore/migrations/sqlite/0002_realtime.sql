-- Realtime, durable jobs and outgoing webhooks: agent presence across nodes, the integration
-- token of API-channel inboxes, the job queue, scheduled messages, and webhook subscriptions
-- with their deliveries.

ALTER TABLE agents ADD COLUMN presence TEXT NOT NULL DEFAULT 'offline'; -- online, away or offline, as everyone sees it
ALTER TABLE agents ADD COLUMN presence_choice TEXT NOT NULL DEFAULT ''; -- '' (follow connections), 'away' or 'offline', set by hand
ALTER TABLE agents ADD COLUMN last_session_closed_at BIGINT;            -- when the agent's last live connection closed

-- SHA-256 of the integration's token (API channel).
ALTER TABLE inboxes ADD COLUMN token_hash TEXT;
CREATE UNIQUE INDEX inboxes_token_hash ON inboxes (token_hash);

-- Presence across nodes: each node reports how many live connections each agent has on it and
-- beats a heartbeat; the counts of a node whose heartbeat stopped are ignored.
CREATE TABLE nodes (
    id           TEXT   PRIMARY KEY,
    heartbeat_at BIGINT NOT NULL
);
CREATE TABLE presence_sessions (
    node_id  TEXT   NOT NULL,
    agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    count    INTEGER NOT NULL,
    PRIMARY KEY (node_id, agent_id)
);

-- Durable background jobs, inserted in the transaction of the change that causes them. A worker
-- claims due jobs by moving them to running with a lease; a job whose node died is rescued when
-- its lease runs out. unique_key keeps at most one live job per key (one wake-up per snoozed
-- conversation), and lets a change cancel or move it, even while it runs (rerun).
CREATE TABLE jobs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    kind         TEXT    NOT NULL,
    args         TEXT    NOT NULL,
    state        TEXT    NOT NULL CHECK (state IN ('available', 'running', 'completed', 'failed', 'cancelled')),
    run_at       BIGINT  NOT NULL,
    attempts     INTEGER NOT NULL DEFAULT 0,
    max_attempts INTEGER NOT NULL,
    last_error   TEXT    NOT NULL DEFAULT '',
    unique_key   TEXT,
    rerun        BOOLEAN NOT NULL DEFAULT FALSE, -- a keyed job changed while it ran: it runs again when the attempt ends
    node         TEXT,
    lease_until  BIGINT,
    created_at   BIGINT  NOT NULL,
    updated_at   BIGINT  NOT NULL,
    finished_at  BIGINT
);
CREATE INDEX jobs_due ON jobs (run_at, id) WHERE state = 'available';
CREATE INDEX jobs_leased ON jobs (lease_until) WHERE state = 'running';
CREATE INDEX jobs_state ON jobs (state, id);
CREATE UNIQUE INDEX jobs_unique ON jobs (unique_key) WHERE unique_key IS NOT NULL AND state IN ('available', 'running');

-- Outgoing webhooks: admins subscribe HTTP endpoints to event types. The signing secret is sealed
-- with AES-GCM like inbox secrets, bound to "webhook:<id>"; only its first characters are kept in
-- clear, to tell secrets apart.
CREATE TABLE webhooks (
    id              INTEGER PRIMARY KEY,
    url             TEXT    NOT NULL,
    description     TEXT    NOT NULL DEFAULT '',
    events          TEXT    NOT NULL DEFAULT '[]', -- JSON array of event types; [] means every type
    enabled         BOOLEAN NOT NULL DEFAULT TRUE,
    secret          TEXT    NOT NULL DEFAULT '',   -- sealed, base64
    secret_prefix   TEXT    NOT NULL DEFAULT '',
    failure_streak  INTEGER NOT NULL DEFAULT 0,    -- deliveries in a row that failed for good
    disabled_at     BIGINT,
    disabled_reason TEXT    NOT NULL DEFAULT '',
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);

-- One row per event sent to one webhook, with the outcome of its latest attempt. event_id has no
-- foreign key: the log may be pruned while deliveries are kept, and test deliveries have none.
CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      BIGINT  NOT NULL REFERENCES webhooks (id) ON DELETE CASCADE,
    event_id        BIGINT,
    event_type      TEXT    NOT NULL,
    delivery_id     TEXT    NOT NULL, -- the Switchboard-Delivery header, the same on every retry
    attempts        INTEGER NOT NULL DEFAULT 0,
    state           TEXT    NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'succeeded', 'failed')),
    response_status INTEGER NOT NULL DEFAULT 0,
    response_body   TEXT    NOT NULL DEFAULT '', -- the first KiB
    error_text      TEXT    NOT NULL DEFAULT '',
    duration_ms     BIGINT  NOT NULL DEFAULT 0,
    next_attempt_at BIGINT,
    created_at      BIGINT  NOT NULL,
    updated_at      BIGINT  NOT NULL
);
CREATE INDEX webhook_deliveries_webhook ON webhook_deliveries (webhook_id, id DESC);
CREATE UNIQUE INDEX webhook_deliveries_delivery_id ON webhook_deliveries (delivery_id);
-- An event is delivered to a webhook once, however many times it is dispatched.
CREATE UNIQUE INDEX webhook_deliveries_event ON webhook_deliveries (webhook_id, event_id) WHERE event_id IS NOT NULL;

-- Replies written now to be sent later. A job due at send_at turns one into an ordinary reply by
-- its author (message_id) in the transaction that marks it sent; until then it may be changed or
-- cancelled.
CREATE TABLE scheduled_messages (
    id              INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    inbox_id        BIGINT NOT NULL,
    author_id       BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    text            TEXT   NOT NULL DEFAULT '',
    html            TEXT   NOT NULL DEFAULT '',
    reply_to_id     BIGINT,
    send_at         BIGINT NOT NULL,
    state           TEXT   NOT NULL DEFAULT 'scheduled' CHECK (state IN ('scheduled', 'sent', 'cancelled', 'failed')),
    message_id      BIGINT,
    error_reason    TEXT   NOT NULL DEFAULT '',
    idempotency_key TEXT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX scheduled_messages_conversation ON scheduled_messages (conversation_id, send_at);
CREATE UNIQUE INDEX scheduled_messages_idempotency ON scheduled_messages (author_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

-- Files agents upload for a message not sent yet. Sending turns each into an attachment (with the
-- same storage key) in the message's transaction; a purge job removes those never sent.
CREATE TABLE uploads (
    id           INTEGER PRIMARY KEY,
    uploader_id  BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    storage_key  TEXT   NOT NULL,
    kind         TEXT   NOT NULL,
    content_type TEXT   NOT NULL,
    filename     TEXT   NOT NULL,
    size         BIGINT NOT NULL,
    sha256       TEXT   NOT NULL,
    created_at   BIGINT NOT NULL
);
-- Attachments stored by Switchboard have a storage key (and are served from
-- /api/v1/attachments/{id}); the others link to media elsewhere.
ALTER TABLE attachments ADD COLUMN storage_key TEXT;
ALTER TABLE attachments ADD COLUMN sha256 TEXT NOT NULL DEFAULT '';
