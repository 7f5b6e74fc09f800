-- Switchboard schema, SQLite dialect. Times are Unix microseconds (BIGINT) in both engines so the
-- SQL that reads and writes them is the same; booleans are 0/1.

CREATE TABLE agents (
    id            INTEGER PRIMARY KEY,
    name          TEXT    NOT NULL,
    email         TEXT    NOT NULL,
    role          TEXT    NOT NULL CHECK (role IN ('admin', 'supervisor', 'agent')),
    time_zone     TEXT    NOT NULL DEFAULT 'UTC',
    language      TEXT    NOT NULL DEFAULT 'en',
    avatar_url    TEXT    NOT NULL DEFAULT '',
    password_hash TEXT    NOT NULL,
    all_read_at   BIGINT  NOT NULL DEFAULT 0, -- "mark all read": conversations older than this are read
    deleted_at    BIGINT,
    created_at    BIGINT  NOT NULL,
    updated_at    BIGINT  NOT NULL
);
CREATE UNIQUE INDEX agents_email ON agents (email) WHERE deleted_at IS NULL;

CREATE TABLE sessions (
    id           INTEGER PRIMARY KEY,
    agent_id     BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    secret_hash  TEXT   NOT NULL UNIQUE,
    user_agent   TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL
);
CREATE INDEX sessions_agent ON sessions (agent_id);

CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    agent_id     BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    name         TEXT   NOT NULL,
    prefix       TEXT   NOT NULL,
    secret_hash  TEXT   NOT NULL UNIQUE,
    created_at   BIGINT NOT NULL,
    last_used_at BIGINT
);
CREATE INDEX api_tokens_agent ON api_tokens (agent_id);

CREATE TABLE teams (
    id          INTEGER PRIMARY KEY,
    name        TEXT   NOT NULL,
    name_key    TEXT   NOT NULL UNIQUE, -- lower(name): names are unique regardless of case
    description TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE team_members (
    team_id  BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (team_id, agent_id)
);
CREATE INDEX team_members_agent ON team_members (agent_id);

CREATE TABLE inboxes (
    id         INTEGER PRIMARY KEY,
    kind       TEXT   NOT NULL,
    name       TEXT   NOT NULL,
    settings   TEXT   NOT NULL DEFAULT '{}',
    secrets    TEXT   NOT NULL DEFAULT '', -- AES-GCM sealed JSON object, base64
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE inbox_members (
    inbox_id BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    agent_id BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    PRIMARY KEY (inbox_id, agent_id)
);
CREATE INDEX inbox_members_agent ON inbox_members (agent_id);

CREATE TABLE inbox_teams (
    inbox_id BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    team_id  BIGINT NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    PRIMARY KEY (inbox_id, team_id)
);
CREATE INDEX inbox_teams_team ON inbox_teams (team_id);

CREATE TABLE contacts (
    id         INTEGER PRIMARY KEY,
    name       TEXT    NOT NULL DEFAULT '',
    email      TEXT    NOT NULL DEFAULT '',
    phone      TEXT    NOT NULL DEFAULT '',
    avatar_url TEXT    NOT NULL DEFAULT '',
    language   TEXT    NOT NULL DEFAULT '',
    attributes TEXT    NOT NULL DEFAULT '{}',
    blocked    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT  NOT NULL,
    updated_at BIGINT  NOT NULL
);
CREATE INDEX contacts_created ON contacts (created_at DESC, id DESC);

CREATE TABLE identities (
    id          INTEGER PRIMARY KEY,
    contact_id  BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind        TEXT   NOT NULL,
    external_id TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (kind, external_id)
);
CREATE INDEX identities_contact ON identities (contact_id);

CREATE TABLE labels (
    id          INTEGER PRIMARY KEY,
    name        TEXT   NOT NULL,
    name_key    TEXT   NOT NULL UNIQUE,
    color       TEXT   NOT NULL,
    description TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL
);

CREATE TABLE canned_responses (
    id         INTEGER PRIMARY KEY,
    shortcut   TEXT   NOT NULL UNIQUE,
    title      TEXT   NOT NULL DEFAULT '',
    content    TEXT   NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);

CREATE TABLE conversations (
    id                   INTEGER PRIMARY KEY,
    inbox_id             BIGINT  NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    contact_id           BIGINT  NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    status               TEXT    NOT NULL CHECK (status IN ('open', 'pending', 'snoozed', 'resolved')),
    assignee_id          BIGINT  REFERENCES agents (id) ON DELETE SET NULL,
    team_id              BIGINT  REFERENCES teams (id) ON DELETE SET NULL,
    priority             TEXT    NOT NULL DEFAULT 'none',
    flagged              BOOLEAN NOT NULL DEFAULT FALSE,
    subject              TEXT    NOT NULL DEFAULT '',
    snoozed_until        BIGINT,
    last_activity_at     BIGINT  NOT NULL,
    last_message_at      BIGINT,
    last_customer_msg_at BIGINT,
    waiting_since        BIGINT,
    last_replier         TEXT    NOT NULL DEFAULT '',
    last_message_preview TEXT    NOT NULL DEFAULT '',
    created_at           BIGINT  NOT NULL,
    updated_at           BIGINT  NOT NULL
);
-- One index per list shape, with the columns in the order of its filter and then its sort, so
-- every page is a short index range scan whatever the size of the table.
CREATE INDEX conversations_status_activity   ON conversations (status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_activity          ON conversations (last_activity_at DESC, id DESC);
CREATE INDEX conversations_inbox_activity    ON conversations (inbox_id, status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_assignee_activity ON conversations (assignee_id, status, last_activity_at DESC, id DESC);
CREATE INDEX conversations_unassigned        ON conversations (status, last_activity_at DESC, id DESC) WHERE assignee_id IS NULL;
CREATE INDEX conversations_team_activity     ON conversations (team_id, status, last_activity_at DESC, id DESC) WHERE team_id IS NOT NULL;
CREATE INDEX conversations_waiting           ON conversations (status, waiting_since, id) WHERE waiting_since IS NOT NULL;
CREATE INDEX conversations_contact           ON conversations (contact_id, last_activity_at DESC);

CREATE TABLE conversation_labels (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    label_id        BIGINT NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (conversation_id, label_id)
);
CREATE INDEX conversation_labels_label ON conversation_labels (label_id, conversation_id);

-- Per-agent read state. A conversation is unread for an agent when it has a message newer than
-- both read_at and the agent's all_read_at, or when the agent marked it unread.
CREATE TABLE conversation_reads (
    agent_id        BIGINT  NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id BIGINT  NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    read_at         BIGINT  NOT NULL,
    marked_unread   BOOLEAN NOT NULL DEFAULT FALSE,
    PRIMARY KEY (agent_id, conversation_id)
);

CREATE TABLE messages (
    id              INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    inbox_id        BIGINT NOT NULL,
    direction       TEXT   NOT NULL,
    kind            TEXT   NOT NULL,
    sender_type     TEXT   NOT NULL,
    sender_id       BIGINT,
    sender_name     TEXT   NOT NULL DEFAULT '',
    text            TEXT   NOT NULL DEFAULT '',
    html            TEXT   NOT NULL DEFAULT '',
    reply_to_id     BIGINT,
    provider_id     TEXT,
    status          TEXT   NOT NULL DEFAULT '', -- delivery status of outgoing messages only
    error_code      TEXT   NOT NULL DEFAULT '',
    error_reason    TEXT   NOT NULL DEFAULT '',
    idempotency_key TEXT,
    mentions        TEXT   NOT NULL DEFAULT '',  -- comma-separated agent ids
    activity        TEXT   NOT NULL DEFAULT '',  -- JSON describing a milestone, for kind 'activity'
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    deleted_at      BIGINT
);
CREATE INDEX messages_conversation ON messages (conversation_id, id);
CREATE UNIQUE INDEX messages_provider_id ON messages (inbox_id, provider_id) WHERE provider_id IS NOT NULL;
CREATE UNIQUE INDEX messages_idempotency ON messages (sender_id, idempotency_key) WHERE idempotency_key IS NOT NULL;

CREATE TABLE attachments (
    id           INTEGER PRIMARY KEY,
    message_id   BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    kind         TEXT   NOT NULL,
    content_type TEXT   NOT NULL DEFAULT '',
    filename     TEXT   NOT NULL DEFAULT '',
    size         BIGINT NOT NULL DEFAULT 0,
    url          TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL
);
CREATE INDEX attachments_message ON attachments (message_id);

CREATE TABLE mentions (
    agent_id        BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    PRIMARY KEY (agent_id, message_id)
);
CREATE INDEX mentions_conversation ON mentions (conversation_id);

-- The append-only event log. AUTOINCREMENT so ids are never reused, even after the newest rows
-- are deleted by retention.
CREATE TABLE events (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    type            TEXT   NOT NULL,
    inbox_id        BIGINT,
    conversation_id BIGINT,
    agent_id        BIGINT,
    actor_id        BIGINT,
    data            TEXT   NOT NULL,
    created_at      BIGINT NOT NULL
);

-- Full-text search over every message with text, all history. External content: the index
-- stores only tokens; rows are read from messages. Activities are not indexed.
CREATE VIRTUAL TABLE messages_fts USING fts5 (
    text, content = 'messages', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER messages_fts_insert AFTER INSERT ON messages WHEN new.kind <> 'activity' BEGIN
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;
CREATE TRIGGER messages_fts_delete AFTER DELETE ON messages WHEN old.kind <> 'activity' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
END;
CREATE TRIGGER messages_fts_update AFTER UPDATE OF text ON messages WHEN old.kind <> 'activity' BEGIN
    INSERT INTO messages_fts (messages_fts, rowid, text) VALUES ('delete', old.id, old.text);
    INSERT INTO messages_fts (rowid, text) VALUES (new.id, new.text);
END;

CREATE VIRTUAL TABLE contacts_fts USING fts5 (
    name, email, phone, content = 'contacts', content_rowid = 'id', tokenize = 'unicode61 remove_diacritics 2'
);
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone);
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone) VALUES ('delete', old.id, old.name, old.email, old.phone);
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, email, phone ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone) VALUES ('delete', old.id, old.name, old.email, old.phone);
    INSERT INTO contacts_fts (rowid, name, email, phone) VALUES (new.id, new.name, new.email, new.phone);
END;
