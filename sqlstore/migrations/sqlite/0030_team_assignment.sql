-- Automatic assignment per team: a conversation given to a team but to no agent goes to one of
-- the team's online members who see its inbox, with the team's strategy ('' off, round_robin,
-- balanced) and capacity (unresolved conversations of the team assigned to an agent; 0 no limit)
-- and its overrides per agent.
CREATE TABLE team_assignment (
    team_id       BIGINT  NOT NULL PRIMARY KEY REFERENCES teams (id) ON DELETE CASCADE,
    strategy      TEXT    NOT NULL DEFAULT '',
    capacity      INTEGER NOT NULL DEFAULT 0,
    last_agent_id BIGINT  NOT NULL DEFAULT 0,
    updated_at    BIGINT  NOT NULL
);

CREATE TABLE team_agent_capacity (
    team_id  BIGINT  NOT NULL REFERENCES teams (id) ON DELETE CASCADE,
    agent_id BIGINT  NOT NULL REFERENCES agents (id) ON DELETE CASCADE,
    capacity INTEGER NOT NULL,
    PRIMARY KEY (team_id, agent_id)
);
