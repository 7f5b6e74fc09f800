// Translation of en-automation.ts: the automatic actors a milestone credits.
import type { automationTexts } from "./en-automation";

export const itAutomation = {
  "automation.rule": "Regola «{name}»",
  "automation.assignment": "Assegnazione automatica",
  "automation.auto_reply": "Risposta automatica",
  "automation.sla": "SLA «{name}»",
  "automation.bot": "Il bot",
  "automation.csat": "Sondaggio di soddisfazione",
} satisfies Record<keyof typeof automationTexts, string>;
