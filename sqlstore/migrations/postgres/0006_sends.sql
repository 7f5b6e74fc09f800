-- A send of an outgoing message to its provider, begun and not yet ended: written, and
-- committed, before the provider is called, and removed with the outcome. A row found by a later
-- attempt means an earlier one may have reached the provider without its outcome being recorded
-- (the node stopped, or the database failed): the message is then marked unconfirmed rather
-- than sent again, since WhatsApp, Twilio and SMTP servers do not de-duplicate sends.
CREATE TABLE message_sends (
    message_id BIGINT PRIMARY KEY REFERENCES messages (id) ON DELETE CASCADE,
    started_at BIGINT NOT NULL
);

-- Readiness writes a row here, and deletes it, to learn whether writes commit again after they
-- failed (a full disk, a read-only database): see sqlstore/health.go.
CREATE TABLE store_probes (
    data TEXT NOT NULL
);
