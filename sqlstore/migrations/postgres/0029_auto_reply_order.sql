-- An automatic reply that follows another one answering the same customer message (welcome, then
-- out-of-hours or acknowledgement) waits for it: its delivery is queued only once the earlier
-- reply (after_message_id) is sent or has failed, so the customer reads them in order.
ALTER TABLE auto_replies ADD COLUMN after_message_id BIGINT NOT NULL DEFAULT 0;
CREATE INDEX auto_replies_after ON auto_replies (after_message_id) WHERE after_message_id <> 0;
