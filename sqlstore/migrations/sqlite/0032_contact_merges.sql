-- Contact merges (package contacts decides, the store applies): the merged contact is kept,
-- hidden from lists and search (merged_into), so that an un-merge restores it; each merge
-- records both contacts' fields before it and the ids of all that moved.
ALTER TABLE contacts ADD COLUMN merged_into BIGINT;
-- The identity a conversation was started through (by a customer's message), so that an
-- un-merge sends a conversation started after the merge back with its identity.
ALTER TABLE conversations ADD COLUMN identity_id BIGINT;
CREATE TABLE contact_merges (
    id          INTEGER PRIMARY KEY,
    survivor_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    other_id    BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    actor_id    BIGINT,
    actor_name  TEXT   NOT NULL DEFAULT '',
    survivor    TEXT   NOT NULL, -- the survivor's fields before the merge (JSON)
    other       TEXT   NOT NULL, -- the other contact's fields before the merge (JSON)
    moved       TEXT   NOT NULL, -- switchboard.MergeMoved (JSON)
    merged_at   BIGINT NOT NULL,
    undone_at   BIGINT,
    undone_by   BIGINT
);
CREATE INDEX contact_merges_survivor ON contact_merges (survivor_id, id);
CREATE INDEX contact_merges_other ON contact_merges (other_id, id);
