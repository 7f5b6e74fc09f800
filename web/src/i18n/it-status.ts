// Italian texts of en-status.ts: the window and delivery status of rows and replies.
import type { statusTexts } from "./en-status";

export const itStatus = {
  "row.windowLeft": "mancano {left}",
  "row.windowClosed": "Finestra chiusa",
  "message.retrying": "Non ancora consegnato: nuovo tentativo alle {time}.",
} satisfies Record<keyof typeof statusTexts, string>;
