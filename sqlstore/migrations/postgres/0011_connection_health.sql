-- What an inbox's health shows of its connection beyond whether the credentials work: the token
-- Switchboard obtained itself (by OAuth or a refresh: which secret, until when), and what the
-- last check found missing (permissions not granted, webhook fields not subscribed), as JSON
-- arrays of names ('' until checked).
ALTER TABLE inbox_health ADD COLUMN token_secret TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox_health ADD COLUMN token_expires_at BIGINT;
ALTER TABLE inbox_health ADD COLUMN missing_permissions TEXT NOT NULL DEFAULT '';
ALTER TABLE inbox_health ADD COLUMN unsubscribed_fields TEXT NOT NULL DEFAULT '';
