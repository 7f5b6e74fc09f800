// English texts of the admin settings pages (agents, teams, inboxes, labels, canned responses,
// webhooks, API tokens). Keys start with "settings.".
export const settings = {
  "settings.agents": "Agents",
} as const;
