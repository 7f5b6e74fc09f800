-- Messaging channels: provider webhooks kept as received, customer-service windows, reactions,
-- inbound media fetched after the fact, and message templates synced from providers.

-- Every provider webhook that passed its signature check, as received, so a parsing bug can be
-- fixed and the payload replayed. Pruned after a retention period.
CREATE TABLE provider_payloads (
    id          INTEGER PRIMARY KEY,
    inbox_id    BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    body        TEXT   NOT NULL,
    received_at BIGINT NOT NULL
);
CREATE INDEX provider_payloads_received ON provider_payloads (received_at);
CREATE INDEX provider_payloads_inbox ON provider_payloads (inbox_id, id);

-- When a customer last wrote to an inbox from one of their addresses: channels with a
-- customer-service window (WhatsApp: 24 hours) accept free text only until it closes.
CREATE TABLE customer_windows (
    inbox_id        BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    identity_id     BIGINT NOT NULL REFERENCES identities (id) ON DELETE CASCADE,
    contact_id      BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    last_inbound_at BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, identity_id)
);
CREATE INDEX customer_windows_contact ON customer_windows (contact_id, inbox_id);

-- Reactions: one per side (the customer, the business) per message, as WhatsApp has it. A
-- customer's reaction may arrive before the message it names has its provider id; it waits
-- with message_id NULL and is attached when the id is recorded. reacted_at orders a provider's
-- repeated or reordered deliveries, so an old "add" never undoes a newer "remove".
CREATE TABLE reactions (
    id                 INTEGER PRIMARY KEY,
    inbox_id           BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    target_provider_id TEXT   NOT NULL,
    message_id         BIGINT REFERENCES messages (id) ON DELETE CASCADE,
    side               TEXT   NOT NULL CHECK (side IN ('contact', 'business')),
    sender_id          BIGINT,             -- the contact, or the agent who reacted last
    emoji              TEXT   NOT NULL,    -- '' once removed
    reacted_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE UNIQUE INDEX reactions_side ON reactions (inbox_id, target_provider_id, side);
CREATE INDEX reactions_message ON reactions (message_id) WHERE message_id IS NOT NULL;

-- Inbound media arrives as a provider reference (a media id, a URL needing credentials); a job
-- fetches it into the file store. Until then storage_key is NULL; fetch_error says why it failed.
ALTER TABLE attachments ADD COLUMN source TEXT NOT NULL DEFAULT '';
ALTER TABLE attachments ADD COLUMN fetch_error TEXT NOT NULL DEFAULT '';

-- What a channel's messages carry beyond text: a template's name and parameters, a location.
ALTER TABLE messages ADD COLUMN content TEXT NOT NULL DEFAULT '';

-- Message templates, synced from the provider (WhatsApp: per business account and language).
CREATE TABLE templates (
    id          INTEGER PRIMARY KEY,
    inbox_id    BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    name        TEXT   NOT NULL,
    language    TEXT   NOT NULL,
    category    TEXT   NOT NULL DEFAULT '',
    status      TEXT   NOT NULL DEFAULT '',
    components  TEXT   NOT NULL DEFAULT '[]', -- JSON, as the provider describes them
    provider_id TEXT   NOT NULL DEFAULT '',
    synced_at   BIGINT NOT NULL
);
CREATE UNIQUE INDEX templates_name ON templates (inbox_id, name, language);

-- Channel health, per inbox: when a webhook last arrived, the last send error, whether the
-- credentials worked the last time they were used.
CREATE TABLE inbox_health (
    inbox_id         BIGINT PRIMARY KEY REFERENCES inboxes (id) ON DELETE CASCADE,
    last_webhook_at  BIGINT,
    last_send_at     BIGINT,
    last_error       TEXT   NOT NULL DEFAULT '',
    last_error_at    BIGINT,
    credentials_ok   BOOLEAN,
    templates_synced_at BIGINT
);

-- Labels on contacts (a VIP, a wholesaler), from the same list as conversations' labels.
CREATE TABLE contact_labels (
    contact_id BIGINT NOT NULL REFERENCES contacts (id) ON DELETE CASCADE,
    label_id   BIGINT NOT NULL REFERENCES labels (id) ON DELETE CASCADE,
    PRIMARY KEY (contact_id, label_id)
);
CREATE INDEX contact_labels_label ON contact_labels (label_id);

-- Where the IMAP sync of an email inbox stands per folder: the folder's UIDVALIDITY and the last
-- UID imported, written in the transaction that records the message, so a restart imports each
-- message exactly once.
CREATE TABLE mail_cursors (
    inbox_id     BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    folder       TEXT   NOT NULL,
    uid_validity BIGINT NOT NULL,
    last_uid     BIGINT NOT NULL,
    PRIMARY KEY (inbox_id, folder)
);

-- An agent's signature, appended to their mail replies.
ALTER TABLE agents ADD COLUMN signature TEXT NOT NULL DEFAULT '';
