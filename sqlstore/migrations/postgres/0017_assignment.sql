-- Automatic assignment per inbox: the strategy ('' off, round_robin, balanced), the capacity of
-- each agent (open conversations assigned to them in the inbox; 0 no limit) and its overrides,
-- the minutes after which an offline agent's conversations return to the queue (0 never), and
-- whether an agent who replies in an unassigned conversation becomes its assignee.
CREATE TABLE inbox_assignment (
    inbox_id               BIGINT  NOT NULL PRIMARY KEY REFERENCES inboxes (id) ON DELETE CASCADE,
    strategy               TEXT    NOT NULL DEFAULT '',
    capacity               INTEGER NOT NULL DEFAULT 0,
    offline_return_minutes INTEGER NOT NULL DEFAULT 0,
    self_assign            BOOLEAN NOT NULL DEFAULT TRUE,
    last_agent_id          BIGINT  NOT NULL DEFAULT 0,
    updated_at             BIGINT  NOT NULL
);

CREATE TABLE inbox_agent_capacity (
    inbox_id BIGINT  NOT NULL REFERENCES inboxes (id) ON DELETE CASCADE,
    agent_id BIGINT  NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    capacity INTEGER NOT NULL,
    PRIMARY KEY (inbox_id, agent_id)
);

-- When an agent stopped being online (NULL while online): their conversations return to the
-- queue of inboxes that say so once they have been away long enough.
ALTER TABLE agents ADD COLUMN offline_since BIGINT;
