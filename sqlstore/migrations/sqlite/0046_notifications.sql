-- Notifications (package notify decides, the store keeps). notify_meta holds the follower's
-- cursor in the event log (events before it are never notified: it starts at the newest), the
-- server's VAPID keys (the private one sealed with the store's secret box) and the SMTP account
-- notification emails go through (its password sealed likewise).
CREATE TABLE notify_meta (
    id                 INTEGER PRIMARY KEY CHECK (id = 1),
    cursor             BIGINT  NOT NULL,
    vapid_public       TEXT    NOT NULL DEFAULT '',
    vapid_private      TEXT    NOT NULL DEFAULT '',
    mail_enabled       BOOLEAN NOT NULL DEFAULT FALSE,
    mail_host          TEXT    NOT NULL DEFAULT '',
    mail_port          INTEGER NOT NULL DEFAULT 0,
    mail_security      TEXT    NOT NULL DEFAULT 'starttls',
    mail_username      TEXT    NOT NULL DEFAULT '',
    mail_password      TEXT    NOT NULL DEFAULT '',
    mail_from_address  TEXT    NOT NULL DEFAULT '',
    mail_from_name     TEXT    NOT NULL DEFAULT '',
    mail_delay_minutes INTEGER NOT NULL DEFAULT 5
);
INSERT INTO notify_meta (id, cursor) SELECT 1, COALESCE((SELECT MAX(id) FROM events), 0);

-- An agent's settings as JSON ('' until they save some: the defaults, with their old
-- preferences), and until when a Switchboard tab of theirs is in front of them.
ALTER TABLE agents ADD COLUMN notification_settings TEXT NOT NULL DEFAULT '';
ALTER TABLE agents ADD COLUMN notify_active_until BIGINT;

-- One row per event and agent told of it. AUTOINCREMENT: jobs name rows by id, and an id freed
-- by a deletion must never name another agent's notification. A conversation's go with it (an
-- erasure, an inbox deleted): their titles carry the customer's name.
CREATE TABLE notifications (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id        BIGINT  NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    trigger         TEXT    NOT NULL,
    event_id        BIGINT  NOT NULL,
    inbox_id        BIGINT,
    conversation_id BIGINT  REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      BIGINT,
    actor_id        BIGINT,
    title           TEXT    NOT NULL,
    body            TEXT    NOT NULL,
    in_app          BOOLEAN NOT NULL,
    read_at         BIGINT,
    email_state     TEXT    NOT NULL DEFAULT '' CHECK (email_state IN ('', 'pending', 'sent')),
    created_at      BIGINT  NOT NULL,
    UNIQUE (event_id, agent_id)
);
CREATE INDEX notifications_bell ON notifications (agent_id, id DESC) WHERE in_app;
CREATE INDEX notifications_unread ON notifications (agent_id, inbox_id) WHERE in_app AND read_at IS NULL;
CREATE INDEX notifications_email ON notifications (agent_id, id) WHERE email_state = 'pending';
CREATE INDEX notifications_created ON notifications (created_at);
CREATE INDEX notifications_conversation ON notifications (conversation_id) WHERE conversation_id IS NOT NULL;
CREATE INDEX notifications_inbox ON notifications (inbox_id) WHERE inbox_id IS NOT NULL;

-- The browsers agents subscribed for pushes (the keys never leave the server).
CREATE TABLE push_subscriptions (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    agent_id     BIGINT NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    endpoint     TEXT   NOT NULL UNIQUE,
    p256dh       TEXT   NOT NULL,
    auth         TEXT   NOT NULL,
    user_agent   TEXT   NOT NULL DEFAULT '',
    created_at   BIGINT NOT NULL,
    last_push_at BIGINT
);
CREATE INDEX push_subscriptions_agent ON push_subscriptions (agent_id);
