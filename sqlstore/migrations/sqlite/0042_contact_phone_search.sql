-- Contact search finds a phone number typed without its country code ("333 111-2" finds
-- +39 333 111 2222) through the full-text index instead of a scan of every number: the index
-- holds each number also without its first 1, 2 and 3 digits (country codes have 1 to 3).
DROP TRIGGER contacts_fts_insert;
DROP TRIGGER contacts_fts_delete;
DROP TRIGGER contacts_fts_update;
CREATE TRIGGER contacts_fts_insert AFTER INSERT ON contacts BEGIN
    INSERT INTO contacts_fts (rowid, name, email, phone) VALUES (new.id, new.name, new.email,
        new.phone || ' ' || substr(new.phone, 3) || ' ' || substr(new.phone, 4) || ' ' || substr(new.phone, 5));
END;
CREATE TRIGGER contacts_fts_delete AFTER DELETE ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone) VALUES ('delete', old.id, old.name, old.email,
        old.phone || ' ' || substr(old.phone, 3) || ' ' || substr(old.phone, 4) || ' ' || substr(old.phone, 5));
END;
CREATE TRIGGER contacts_fts_update AFTER UPDATE OF name, email, phone ON contacts BEGIN
    INSERT INTO contacts_fts (contacts_fts, rowid, name, email, phone) VALUES ('delete', old.id, old.name, old.email,
        old.phone || ' ' || substr(old.phone, 3) || ' ' || substr(old.phone, 4) || ' ' || substr(old.phone, 5));
    INSERT INTO contacts_fts (rowid, name, email, phone) VALUES (new.id, new.name, new.email,
        new.phone || ' ' || substr(new.phone, 3) || ' ' || substr(new.phone, 4) || ' ' || substr(new.phone, 5));
END;
INSERT INTO contacts_fts (contacts_fts) VALUES ('delete-all');
INSERT INTO contacts_fts (rowid, name, email, phone)
    SELECT id, name, email, phone || ' ' || substr(phone, 3) || ' ' || substr(phone, 4) || ' ' || substr(phone, 5) FROM contacts;
