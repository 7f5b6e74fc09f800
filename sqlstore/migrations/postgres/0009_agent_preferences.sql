-- An agent's own choices that follow them from browser to browser (alert sound, desktop
-- notifications), as a JSON object; '{}' means the defaults.
ALTER TABLE agents ADD COLUMN preferences TEXT NOT NULL DEFAULT '{}';
