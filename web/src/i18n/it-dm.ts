// Texts of en-dm.ts: Messenger and Instagram conversations.
import type { dmTexts } from "./en-dm";

export const itDm = {
  "message.reactWith": "Reagisci con {emoji}",
  "settings.inboxes.field.public_url": "Indirizzo pubblico di Switchboard",
  "settings.inboxes.hint.public_url": "Facoltativo, ad esempio https://inbox.example.com: Instagram scarica da lì le immagini che invii (un link firmato valido un giorno), come chiede Meta. Senza, le immagini vengono caricate.",
} satisfies Record<keyof typeof dmTexts, string>;
