-- Customer satisfaction surveys (see switchboard.CSATSettings): one JSON document per inbox,
-- the one setting web chat's widget reads as well. Web chat inboxes that asked for ratings keep
-- doing so: their old settings flag moves here.
ALTER TABLE inboxes ADD COLUMN csat TEXT NOT NULL DEFAULT '';
UPDATE inboxes SET csat = '{"enabled":true,"scale":"1-5","question":"","thank_you":"","ask_comment":true}'
    WHERE kind = 'webchat' AND settings LIKE '%"csat":true%';

-- The survey of a conversation's latest resolution: one row per conversation. form is how it
-- went (choices, link, text, native), skipped why none went; answered_at is set by the answer,
-- closed_at by a customer's next message that was no answer (text surveys wait for one).
CREATE TABLE csat_surveys (
    conversation_id BIGINT NOT NULL PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    inbox_id        BIGINT NOT NULL, -- (kept for reports)
    contact_id      BIGINT NOT NULL,
    form            TEXT   NOT NULL,
    scale           TEXT   NOT NULL,
    message_id      BIGINT,
    skipped         TEXT   NOT NULL DEFAULT '',
    sent_at         BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    answered_at     BIGINT,
    closed_at       BIGINT
);
