// English texts of a team's automatic assignment settings (Settings › Teams › Assignment).
export const teamAssignTexts = {
  "teamAssign.title": "Assignment: team {name}",
  "teamAssign.intro":
    "Conversations given to this team but to no agent (by a rule, a bot's hand-off or an agent) go to the team's members who are online and can see the conversation's inbox, never above their capacity. Off: the inbox's own assignment settings apply.",
  "teamAssign.off": "Off: the inbox's settings apply",
  "teamAssign.roundRobin": "Round robin: each online member in turn",
  "teamAssign.balanced": "Balanced: the online member with the fewest open conversations of the team",
  "teamAssign.capacityHint": "Unresolved conversations of this team an agent holds at most. 0: no limit.",
  "teamAssign.noMembers": "The team has no members yet.",
};
