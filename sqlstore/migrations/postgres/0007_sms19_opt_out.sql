-- When the customer opted out, from this address, of messages on the channels whose carriers
-- honour opt-out keywords (SMS STOP); NULL when they did not, or opted back in (START).
ALTER TABLE identities ADD COLUMN opted_out_at BIGINT;
