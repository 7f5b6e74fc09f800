// English texts of an inbox's automatic assignment settings (Settings › Inboxes › Assignment).
export const assignTexts = {
  "assign.menu": "Assignment",
  "assign.title": "Assignment: {name}",
  "assign.intro": "New and reopened conversations go to the inbox's members who are online, never above their capacity. The others wait in the queue, oldest first, until someone has room.",
  "assign.strategy": "Automatic assignment",
  "assign.off": "Off: agents take conversations themselves",
  "assign.roundRobin": "Round robin: each online member in turn",
  "assign.balanced": "Balanced: the online member with the fewest open conversations",
  "assign.capacity": "Capacity per agent",
  "assign.capacityHint": "Unresolved conversations of this inbox an agent holds at most. 0: no limit.",
  "assign.agentCapacity": "Capacity of each agent",
  "assign.agentCapacityHint": "Leave empty to use the capacity above.",
  "assign.offlineReturn": "Return an offline agent's conversations after (minutes)",
  "assign.offlineReturnHint": "0: never. Their open conversations go back to the queue and to the agents online.",
  "assign.selfAssign": "An agent who replies in an unassigned conversation becomes its assignee",
};
