// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const esDm = {
  "message.reactWith": "Reaccionar con {emoji}",
} satisfies Record<keyof typeof dmTexts, string>;
