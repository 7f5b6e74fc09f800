// Translation of en-automation.ts: the automatic actors a milestone credits.
import type { automationTexts } from "./en-automation";

export const frAutomation = {
  "automation.rule": "Règle « {name} »",
  "automation.assignment": "Attribution automatique",
  "automation.auto_reply": "Réponse automatique",
  "automation.sla": "SLA « {name} »",
  "automation.bot": "Le bot",
  "automation.csat": "Enquête de satisfaction",
} satisfies Record<keyof typeof automationTexts, string>;
