// Spanish texts of en-status.ts: the window and delivery status of rows and replies.
import type { statusTexts } from "./en-status";

export const esStatus = {
  "row.windowLeft": "quedan {left}",
  "row.windowClosed": "Ventana cerrada",
  "message.retrying": "Aún no entregado: nuevo intento a las {time}.",
} satisfies Record<keyof typeof statusTexts, string>;
