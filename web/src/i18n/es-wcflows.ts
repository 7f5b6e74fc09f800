// Spanish texts of en-wcflows.ts: the web chat's conversation flows for agents.
import type { wcflowsTexts } from "./en-wcflows";

export const esWcflows = {
  "wcflows.consent": "El cliente aceptó: {text}",
  "wcflows.csat": "El cliente valoró la conversación con {rating}/5",
  "wcflows.csatComment": "El cliente valoró la conversación con {rating}/5: “{comment}”",
  "wcflows.csatTitle": "Valoración",
  "wcflows.csatStars": "{rating} de 5",
  "wcflows.quickReplies": "Respuestas rápidas ofrecidas",
} satisfies Record<keyof typeof wcflowsTexts, string>;
