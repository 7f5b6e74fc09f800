-- A contact's picture as the provider gave it (Messenger's and Instagram's profile_pic), kept
-- in the file store, since Meta's links expire: its key and type; avatar_url then points at
-- /api/v1/contacts/{id}/picture. NULL: none kept.
ALTER TABLE contacts ADD COLUMN picture_key TEXT;
ALTER TABLE contacts ADD COLUMN picture_type TEXT NOT NULL DEFAULT '';

-- An unsend that came before the message it unsends (Meta does not keep its webhooks in order):
-- the message is hidden as it arrives. Kept a week at most.
CREATE TABLE unsent_early (
    inbox_id    BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    provider_id TEXT   NOT NULL,
    unsent_at   BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, provider_id)
);
