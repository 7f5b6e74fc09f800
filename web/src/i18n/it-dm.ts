// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const itDm = {
  "message.reactWith": "Reagisci con {emoji}",
} satisfies Record<keyof typeof dmTexts, string>;
