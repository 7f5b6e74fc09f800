// Italian texts of en-webchat.ts: web chat conversations (typing, the visitor's browser).
import type { webchatTexts } from "./en-webchat";

export const itWebchat = {
  "webchat.typing": "{name} sta scrivendo…",
  "webchat.visit": "Visita al sito",
  "webchat.page": "Pagina",
  "webchat.referrer": "Provenienza",
  "webchat.browser": "Browser",
  "webchat.os": "Sistema",
  "webchat.language": "Lingua",
  "webchat.timeZone": "Fuso orario",
  "webchat.verified": "Utente registrato {id}",
} satisfies Record<keyof typeof webchatTexts, string>;
