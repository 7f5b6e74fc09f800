-- AI assistance (issue 25). The workspace's settings: one row (id 1), made on first save; the
-- endpoint's and LibreTranslate's keys sealed with the server's key, like webhooks' secrets.
CREATE TABLE assistant_settings (
    id                 BIGINT NOT NULL PRIMARY KEY CHECK (id = 1),
    provider           TEXT    NOT NULL DEFAULT 'offline',
    base_url           TEXT    NOT NULL DEFAULT '',
    model              TEXT    NOT NULL DEFAULT '',
    embedding_model    TEXT    NOT NULL DEFAULT '',
    api_key            TEXT    NOT NULL DEFAULT '',
    daily_token_budget BIGINT  NOT NULL DEFAULT 0,
    redact             BOOLEAN NOT NULL DEFAULT TRUE,
    analysis           BOOLEAN NOT NULL DEFAULT FALSE,
    copilot            BOOLEAN NOT NULL DEFAULT FALSE,
    translation        BOOLEAN NOT NULL DEFAULT FALSE,
    translation_engine TEXT    NOT NULL DEFAULT 'assistant',
    libretranslate_url TEXT    NOT NULL DEFAULT '',
    libretranslate_key TEXT    NOT NULL DEFAULT '',
    last_error         TEXT    NOT NULL DEFAULT '',
    last_error_at      BIGINT,
    last_success_at    BIGINT,
    updated_at         BIGINT  NOT NULL
);

-- The tokens the endpoint spent per UTC day ('2026-12-07'), for the daily budget.
CREATE TABLE assistant_usage (
    day    TEXT   NOT NULL PRIMARY KEY,
    tokens BIGINT NOT NULL DEFAULT 0
);

-- Trained models by name (the label model), as their JSON.
CREATE TABLE assistant_models (
    name       TEXT   NOT NULL PRIMARY KEY,
    model      TEXT   NOT NULL,
    trained_at BIGINT NOT NULL
);

-- The features an inbox keeps away from itself: a bit each (1 analysis, 2 copilot, 4
-- translation); 0 follows the workspace in everything.
ALTER TABLE inboxes ADD COLUMN assistant_off INTEGER NOT NULL DEFAULT 0;

-- The assistant's reading of a conversation's latest analysed turn, and of each incoming
-- message's language; '' until analysed.
ALTER TABLE conversations ADD COLUMN sentiment TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN urgency TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN language TEXT NOT NULL DEFAULT '';
ALTER TABLE messages ADD COLUMN language TEXT NOT NULL DEFAULT '';

-- The list filters walk these in the list's order (as conversations_inbox_activity does). They
-- are partial, over the analysed conversations only, so that with analysis off a conversation's
-- writes keep no entries in them; the list's conditions repeat the WHERE (see conversations.go).
CREATE INDEX conversations_sentiment_activity ON conversations (sentiment, status, last_activity_at DESC, id DESC) WHERE sentiment <> '';
CREATE INDEX conversations_urgency_activity   ON conversations (urgency, status, last_activity_at DESC, id DESC) WHERE urgency <> '';
CREATE INDEX conversations_language_activity  ON conversations (language, status, last_activity_at DESC, id DESC) WHERE language <> '';

-- One analysis per customer turn: its note, and what it read. A turn is keyed by its boundary,
-- the id of the agent's reply it follows (0 before the first reply), which stays the same however
-- many messages the turn gets and whichever of them are deleted.
CREATE TABLE analyses (
    conversation_id  BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    after_message_id BIGINT NOT NULL,
    note_id          BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    analysis         TEXT   NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, after_message_id)
);
CREATE INDEX analyses_note ON analyses (note_id);
