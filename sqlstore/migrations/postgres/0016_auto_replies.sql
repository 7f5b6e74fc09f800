-- Business hours and automatic replies per inbox (see automation.Config), as one JSON document
-- beside the channel's settings: read with the inbox into the inbox cache, so a customer's
-- message pays no query for them; kept apart from settings, which a channel's own form replaces
-- whole and the channel validates.
ALTER TABLE inboxes ADD COLUMN automation TEXT NOT NULL DEFAULT '';

-- The automatic replies sent, one row per conversation, kind and period: out_of_hours rows are
-- keyed by the opening that ends the closed period, welcome and acknowledge by 0. Inserting the
-- row decides who sends (a second webhook, a replay, another node finds it and sends nothing).
CREATE TABLE auto_replies (
    conversation_id BIGINT NOT NULL REFERENCES conversations (id) ON DELETE CASCADE,
    kind            TEXT   NOT NULL,
    period          BIGINT NOT NULL,
    message_id      BIGINT NOT NULL,
    PRIMARY KEY (conversation_id, kind, period)
);
