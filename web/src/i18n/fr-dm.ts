// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const frDm = {
  "message.reactWith": "Réagir avec {emoji}",
  "settings.inboxes.field.public_url": "Adresse publique de Switchboard",
  "settings.inboxes.hint.public_url": "Facultatif, par exemple https://inbox.example.com : Instagram y récupère les images que vous envoyez (un lien signé valable un jour), comme Meta le demande. Sans elle, les images sont téléversées.",
} satisfies Record<keyof typeof dmTexts, string>;
