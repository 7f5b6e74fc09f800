-- A contact's picture as the provider gave it (Messenger's and Instagram's profile_pic), kept
-- in the file store, since Meta's links expire: its key and type; avatar_url then points at
-- /api/v1/contacts/{id}/picture. NULL: none kept.
ALTER TABLE contacts ADD COLUMN picture_key TEXT;
ALTER TABLE contacts ADD COLUMN picture_type TEXT NOT NULL DEFAULT '';
