// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const frDm = {
  "message.reactWith": "Réagir avec {emoji}",
} satisfies Record<keyof typeof dmTexts, string>;
