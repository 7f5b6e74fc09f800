// Portuguese texts of en-wcflows.ts: the web chat's conversation flows for agents.
import type { wcflowsTexts } from "./en-wcflows";

export const ptWcflows = {
  "wcflows.consent": "O cliente concordou: {text}",
  "wcflows.csat": "O cliente avaliou a conversa com {rating}/5",
  "wcflows.csatComment": "O cliente avaliou a conversa com {rating}/5: “{comment}”",
  "wcflows.csatTitle": "Avaliação",
  "wcflows.csatStars": "{rating} de 5",
  "wcflows.quickReplies": "Respostas rápidas oferecidas",
} satisfies Record<keyof typeof wcflowsTexts, string>;
