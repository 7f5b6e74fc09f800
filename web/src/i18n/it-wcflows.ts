// Italian texts of en-wcflows.ts: the web chat's conversation flows for agents.
import type { wcflowsTexts } from "./en-wcflows";

export const itWcflows = {
  "wcflows.consent": "Il cliente ha accettato: {text}",
  "wcflows.csat": "Il cliente ha valutato la conversazione {rating}/5",
  "wcflows.csatComment": "Il cliente ha valutato la conversazione {rating}/5: “{comment}”",
  "wcflows.csatTitle": "Valutazione",
  "wcflows.csatStars": "{rating} su 5",
  "wcflows.quickReplies": "Risposte rapide proposte",
} satisfies Record<keyof typeof wcflowsTexts, string>;
