-- FTS5 merges the full-text index's segments itself after every few writes ("automerge"), and it
-- does that work in bursts: after every 64 pages written it merges 64 pages per level of the
-- index at once, tens of milliseconds that the write which crossed the line waits for, and every
-- write queued behind it. The store now merges a little after each write instead, in proportion
-- to what the write added (see sqlstore/textindex.go), so the bursts are gone and the index stays
-- as compact.
INSERT INTO messages_fts (messages_fts, rank) VALUES ('automerge', 0);
