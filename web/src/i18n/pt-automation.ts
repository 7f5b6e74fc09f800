// Translation of en-automation.ts: the automatic actors a milestone credits.
import type { automationTexts } from "./en-automation";

export const ptAutomation = {
  "automation.rule": "Regra «{name}»",
  "automation.assignment": "Atribuição automática",
  "automation.auto_reply": "Resposta automática",
  "automation.sla": "SLA «{name}»",
  "automation.bot": "O bot",
  "automation.csat": "Pesquisa de satisfação",
} satisfies Record<keyof typeof automationTexts, string>;
