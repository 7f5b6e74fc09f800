-- Imports from other help desks. A conversation brought over keeps the source system's id for
-- it, unique per inbox, so sending a batch again (a client's retry after a timeout) skips what
-- is already here instead of doubling it.
--
-- A column rather than a table of its own: the id is a fact about the conversation (shown
-- beside it, looked up by it), the lookup is one index probe either way, and a separate table
-- would cost a second row and index entry per conversation and a join to show it. Live
-- conversations leave it NULL, so the partial index holds imported ones only and costs them
-- nothing; adding a nullable column without a default rewrites no rows on either engine.
ALTER TABLE conversations ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX conversations_external_id ON conversations (inbox_id, external_id) WHERE external_id IS NOT NULL;
