-- Address book: when each contact last wrote (0 = never), kept by a trigger on incoming messages,
-- and the indexes the address book's filters and sorts use, so a page is one range scan.
ALTER TABLE contacts ADD COLUMN last_seen_at BIGINT NOT NULL DEFAULT 0;
UPDATE contacts SET last_seen_at = COALESCE((SELECT MAX(m.created_at) FROM conversations c
    JOIN messages m ON m.conversation_id = c.id WHERE c.contact_id = contacts.id AND m.direction = 'incoming'), 0);
CREATE TRIGGER contacts_last_seen AFTER INSERT ON messages WHEN new.direction = 'incoming' BEGIN
    UPDATE contacts SET last_seen_at = new.created_at
    WHERE id = (SELECT contact_id FROM conversations WHERE id = new.conversation_id) AND last_seen_at < new.created_at;
END;
CREATE INDEX contacts_last_seen ON contacts (last_seen_at DESC, id DESC);
CREATE INDEX contacts_name ON contacts (lower(name), id);
CREATE INDEX contacts_blocked ON contacts (created_at DESC, id DESC) WHERE blocked;
CREATE INDEX identities_contact_kind ON identities (contact_id, kind);
