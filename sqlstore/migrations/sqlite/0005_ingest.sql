-- An incoming message finds its contact's latest conversation in the inbox
-- (WHERE inbox_id = ? AND contact_id = ? ORDER BY last_activity_at DESC, id DESC LIMIT 1). With
-- only (inbox_id, status, …) and (contact_id, last_activity_at) to choose from, SQLite's planner
-- took the first and read every conversation of the inbox, so a webhook's cost grew with the
-- inbox's history. This index answers the lookup with one probe on both engines. It leads with
-- the contact so that no list of an inbox's conversations is tempted by it, and it serves the
-- contact panel (a contact's conversations, few) as the index it replaces did.
DROP INDEX conversations_contact;
CREATE INDEX conversations_contact ON conversations (contact_id, inbox_id, last_activity_at DESC, id DESC);
