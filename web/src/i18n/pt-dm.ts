// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const ptDm = {
  "message.reactWith": "Reagir com {emoji}",
  "settings.inboxes.field.public_url": "Endereço público do Switchboard",
  "settings.inboxes.hint.public_url": "Opcional, por exemplo https://inbox.example.com: o Instagram busca ali as imagens que você envia (um link assinado válido por um dia), como a Meta pede. Sem ele, as imagens são enviadas por upload.",
} satisfies Record<keyof typeof dmTexts, string>;
