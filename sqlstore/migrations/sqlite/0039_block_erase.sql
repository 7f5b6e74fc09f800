-- Blocking a contact hides their conversations: the flag is copied onto each conversation (kept
-- in step by the block and unblock transaction, and set on conversations started while blocked)
-- so that list queries filter on the row they already read, keeping their indexes' order.
ALTER TABLE conversations ADD COLUMN blocked BOOLEAN NOT NULL DEFAULT FALSE;
UPDATE conversations SET blocked = TRUE WHERE contact_id IN (SELECT id FROM contacts WHERE blocked);

-- The audit log: who did what irreversible thing when, without the personal data it removed
-- (a contact's erasure records the contact id and counts, never a name or an address).
CREATE TABLE audit_log (
    id          INTEGER PRIMARY KEY,
    action      TEXT   NOT NULL,
    actor_id    BIGINT,
    actor_name  TEXT   NOT NULL DEFAULT '',
    subject     TEXT   NOT NULL DEFAULT '',
    subject_id  BIGINT NOT NULL DEFAULT 0,
    details     TEXT   NOT NULL DEFAULT '{}',
    created_at  BIGINT NOT NULL
);
CREATE INDEX audit_log_created ON audit_log (created_at DESC, id DESC);
