// French texts of en-wcflows.ts: the web chat's conversation flows for agents.
import type { wcflowsTexts } from "./en-wcflows";

export const frWcflows = {
  "wcflows.consent": "Le client a accepté : {text}",
  "wcflows.csat": "Le client a noté la conversation {rating}/5",
  "wcflows.csatComment": "Le client a noté la conversation {rating}/5 : « {comment} »",
  "wcflows.csatTitle": "Évaluation",
  "wcflows.csatStars": "{rating} sur 5",
  "wcflows.quickReplies": "Réponses rapides proposées",
} satisfies Record<keyof typeof wcflowsTexts, string>;
