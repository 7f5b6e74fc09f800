// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const ptDm = {
  "message.reactWith": "Reagir com {emoji}",
} satisfies Record<keyof typeof dmTexts, string>;
