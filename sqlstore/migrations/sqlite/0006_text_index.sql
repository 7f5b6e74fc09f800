-- New messages are added to the full-text index by the store, many in one statement at the end
-- of a transaction, instead of one by one by this trigger: FTS5 wrote each message it was given
-- by a trigger as an index segment of its own (see sqlstore/textindex.go). Changes and deletions
-- still take the old text out through their triggers.
DROP TRIGGER messages_fts_insert;
