-- Website chat visitors: a durable identity per browser (the contact identity of kind 'web' named
-- by external_id), proven by an opaque token of which only the SHA-256 is kept, with what the
-- widget last said of the visitor's browser (shown to agents). user_id is the site's id for the
-- person once identify proved it with the inbox's identity secret.
CREATE TABLE visitors (
    id          INTEGER PRIMARY KEY,
    inbox_id    BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    contact_id  BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    external_id TEXT   NOT NULL UNIQUE,
    token_hash  TEXT   NOT NULL UNIQUE,
    user_id     TEXT   NOT NULL DEFAULT '',
    page        TEXT   NOT NULL DEFAULT '',
    referrer    TEXT   NOT NULL DEFAULT '',
    browser     TEXT   NOT NULL DEFAULT '',
    os          TEXT   NOT NULL DEFAULT '',
    language    TEXT   NOT NULL DEFAULT '',
    time_zone   TEXT   NOT NULL DEFAULT '',
    created_at  BIGINT NOT NULL,
    seen_at     BIGINT NOT NULL
);
CREATE INDEX visitors_contact ON visitors (contact_id, seen_at DESC);

-- How far a visitor read each of their conversations (the team's messages up to message_id).
CREATE TABLE visitor_reads (
    visitor_id      BIGINT NOT NULL REFERENCES visitors (id) ON DELETE CASCADE,
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    message_id      BIGINT NOT NULL,
    PRIMARY KEY (visitor_id, conversation_id)
);
