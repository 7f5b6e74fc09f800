-- Private notes on a contact, and the facts of a contact's timeline that no other table keeps.
CREATE TABLE contact_notes (
    id          INTEGER PRIMARY KEY,
    contact_id  BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    author_id   BIGINT,                     -- the agent who wrote it; NULL for the system
    author_name TEXT   NOT NULL DEFAULT '', -- their name when they wrote it
    body        TEXT   NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX contact_notes_contact ON contact_notes (contact_id, id);

-- What happened to a contact outside its conversations, as the timeline shows it: an address
-- added or removed, its labels changed, blocked, unblocked, imported. Written in the
-- transaction of the change; never on the inbound message path.
CREATE TABLE contact_facts (
    id         INTEGER PRIMARY KEY,
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    kind       TEXT   NOT NULL,
    actor_id   BIGINT,
    actor_name TEXT   NOT NULL DEFAULT '',
    detail     TEXT   NOT NULL DEFAULT '', -- JSON: the identity, the labels, the import's file
    created_at BIGINT NOT NULL
);
CREATE INDEX contact_facts_contact ON contact_facts (contact_id, created_at, id);

-- The timeline reads a contact's conversations by start, and their milestones, newest first.
CREATE INDEX conversations_contact_created ON conversations (contact_id, created_at, id);
CREATE INDEX messages_milestones ON messages (conversation_id, created_at, id) WHERE kind = 'activity';
