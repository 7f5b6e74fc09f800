-- An inbox's external bot (issue 23, bots): where customer messages are POSTed, its name in the
-- thread, and its signing secret, sealed like webhooks' secrets. Off keeps the URL and secret.
CREATE TABLE inbox_bots (
    inbox_id      BIGINT  NOT NULL PRIMARY KEY REFERENCES inboxes (id) ON DELETE CASCADE,
    enabled       BOOLEAN NOT NULL DEFAULT FALSE,
    url           TEXT    NOT NULL DEFAULT '',
    name          TEXT    NOT NULL DEFAULT '',
    secret        TEXT    NOT NULL DEFAULT '',
    secret_prefix TEXT    NOT NULL DEFAULT '',
    updated_at    BIGINT  NOT NULL
);

-- The bot's state in each conversation: '' (never started: shown as paused while the inbox has a
-- bot), active, paused or handed_off.
ALTER TABLE conversations ADD COLUMN bot_state TEXT NOT NULL DEFAULT '';

-- A bot's replies are idempotent per conversation (bots have no agent id to key them on).
CREATE UNIQUE INDEX messages_bot_idempotency ON messages (conversation_id, idempotency_key)
    WHERE sender_type = 'bot' AND idempotency_key IS NOT NULL;
