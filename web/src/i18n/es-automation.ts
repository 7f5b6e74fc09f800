// Translation of en-automation.ts: the automatic actors a milestone credits.
import type { automationTexts } from "./en-automation";

export const esAutomation = {
  "automation.rule": "Regla «{name}»",
  "automation.assignment": "Asignación automática",
  "automation.auto_reply": "Respuesta automática",
  "automation.sla": "SLA «{name}»",
  "automation.bot": "El bot",
  "automation.csat": "Encuesta de satisfacción",
} satisfies Record<keyof typeof automationTexts, string>;
