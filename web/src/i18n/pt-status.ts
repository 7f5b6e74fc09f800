// Portuguese texts of en-status.ts: the window and delivery status of rows and replies.
import type { statusTexts } from "./en-status";

export const ptStatus = {
  "row.windowLeft": "faltam {left}",
  "row.windowClosed": "Janela fechada",
  "message.retrying": "Ainda não entregue: nova tentativa às {time}.",
} satisfies Record<keyof typeof statusTexts, string>;
