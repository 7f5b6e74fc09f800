// French texts of en-webchat.ts: web chat conversations (typing, the visitor's browser).
import type { webchatTexts } from "./en-webchat";

export const frWebchat = {
  "webchat.typing": "{name} écrit…",
  "webchat.visit": "Visite du site",
  "webchat.page": "Page",
  "webchat.referrer": "Provenance",
  "webchat.browser": "Navigateur",
  "webchat.os": "Système",
  "webchat.language": "Langue",
  "webchat.timeZone": "Fuseau horaire",
  "webchat.verified": "Utilisateur connecté {id}",
} satisfies Record<keyof typeof webchatTexts, string>;
