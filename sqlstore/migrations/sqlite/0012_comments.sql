-- Comments under posts are conversations of their own, one per (post, commenter): thread_key
-- names the post ('post:<id>'), '' for every other conversation. A comment conversation and the
-- direct conversation its private reply continued in name each other.
ALTER TABLE conversations ADD COLUMN thread_key TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN linked_conversation_id BIGINT REFERENCES conversations (id) ON DELETE SET NULL;
CREATE UNIQUE INDEX conversations_thread ON conversations (inbox_id, contact_id, thread_key) WHERE thread_key <> '';

-- The posts comments are under, as the provider describes them (fetched once, by a job); the
-- picture is kept in the file store, since the provider's links expire.
CREATE TABLE posts (
    inbox_id       BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    post_id        TEXT   NOT NULL,
    kind           TEXT   NOT NULL DEFAULT '',
    caption        TEXT   NOT NULL DEFAULT '',
    permalink      TEXT   NOT NULL DEFAULT '',
    ad_title       TEXT   NOT NULL DEFAULT '',
    thumbnail_key  TEXT   NOT NULL DEFAULT '',
    thumbnail_type TEXT   NOT NULL DEFAULT '',
    posted_at      BIGINT,
    fetched_at     BIGINT,
    PRIMARY KEY (inbox_id, post_id)
);

-- A customer's comment takes one private reply: the row is written with the reply, so a second
-- one (two agents, a double click) is refused by the key. recipient is the customer's address
-- the direct message went to; their first direct message from it links the conversations.
CREATE TABLE private_replies (
    comment_id             BIGINT NOT NULL PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    message_id             BIGINT NOT NULL UNIQUE REFERENCES messages (id) ON DELETE CASCADE,
    conversation_id        BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    inbox_id               BIGINT NOT NULL,
    recipient              TEXT   NOT NULL,
    linked_conversation_id BIGINT
);
CREATE INDEX private_replies_recipient ON private_replies (inbox_id, recipient);
