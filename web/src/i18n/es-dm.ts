// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const esDm = {
  "message.reactWith": "Reaccionar con {emoji}",
  "settings.inboxes.field.public_url": "Dirección pública de Switchboard",
  "settings.inboxes.hint.public_url": "Opcional, por ejemplo https://inbox.example.com: Instagram descarga de ahí las imágenes que envías (un enlace firmado válido un día), como pide Meta. Sin ella, las imágenes se suben.",
} satisfies Record<keyof typeof dmTexts, string>;
