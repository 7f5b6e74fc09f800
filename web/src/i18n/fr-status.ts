// French texts of en-status.ts: the window and delivery status of rows and replies.
import type { statusTexts } from "./en-status";

export const frStatus = {
  "row.windowLeft": "encore {left}",
  "row.windowClosed": "Fenêtre fermée",
  "message.retrying": "Pas encore remis : nouvel essai à {time}.",
} satisfies Record<keyof typeof statusTexts, string>;
