-- Web chat replies emailed to a visitor who left (continuity by email): per conversation, the
-- email inbox they went through, the address they went to, and the last of the team's messages
-- emailed, so nothing is sent twice, and the visitor's answer by mail from that address to that
-- inbox threads back into the conversation.
CREATE TABLE visitor_emails (
    conversation_id BIGINT NOT NULL PRIMARY KEY REFERENCES conversations (id) ON DELETE CASCADE,
    email_inbox_id  BIGINT NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    address         TEXT   NOT NULL,
    message_id      BIGINT NOT NULL,
    emailed_at      BIGINT NOT NULL
);
