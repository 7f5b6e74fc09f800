// English names of the automatic actors a milestone credits ("by" whom an action was taken).
export const automationTexts = {
  "automation.rule": "Rule “{name}”",
  "automation.assignment": "Automatic assignment",
  "automation.auto_reply": "Auto-reply",
  "automation.sla": "SLA “{name}”",
  "automation.bot": "The bot",
  "automation.csat": "Satisfaction survey",
};
