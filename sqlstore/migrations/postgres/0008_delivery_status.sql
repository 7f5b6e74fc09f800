-- Whether a conversation's latest outgoing message failed: kept as messages are written and their
-- delivery status moves, so a list row shows it without reading the thread.
ALTER TABLE conversations ADD COLUMN last_outbound_failed BOOLEAN NOT NULL DEFAULT FALSE;

UPDATE conversations SET last_outbound_failed = TRUE WHERE id IN (
    SELECT m.conversation_id FROM messages m
    WHERE m.direction = 'outgoing' AND m.status = 'failed'
      AND NOT EXISTS (SELECT 1 FROM messages n WHERE n.conversation_id = m.conversation_id
                      AND n.direction = 'outgoing' AND n.id > m.id));

-- While an outgoing message waits for another attempt after one failed for a reason that may
-- pass (the provider down, the mail server unreachable): the attempts made, why the last one
-- failed and when the next is due, as JSON (switchboard.DeliveryRetry); '' otherwise.
ALTER TABLE messages ADD COLUMN retry TEXT NOT NULL DEFAULT '';
