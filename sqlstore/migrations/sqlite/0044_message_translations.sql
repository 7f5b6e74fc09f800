-- Translations of messages, cached per message and language so that an engine translates a
-- message once (the assistant's translation). They go with their message: erasing a contact
-- deletes its messages (cascade); deleting or unsending a message, or a customer's edit of it,
-- deletes them in the same transaction.
CREATE TABLE message_translations (
    id          INTEGER PRIMARY KEY,
    message_id  BIGINT NOT NULL REFERENCES messages (id) ON DELETE CASCADE,
    language    TEXT   NOT NULL,
    source      TEXT   NOT NULL DEFAULT '',
    text        TEXT   NOT NULL,
    provider    TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    UNIQUE (message_id, language)
);
