-- The customer's rating of a conversation after it was resolved (web chat's CSAT): 1 to 5 with
-- an optional comment, given once; NULL csat_rating when none.
ALTER TABLE conversations ADD COLUMN csat_rating INTEGER;
ALTER TABLE conversations ADD COLUMN csat_comment TEXT NOT NULL DEFAULT '';
ALTER TABLE conversations ADD COLUMN csat_at BIGINT;
