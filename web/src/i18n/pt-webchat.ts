// Portuguese texts of en-webchat.ts: web chat conversations (typing, the visitor's browser).
import type { webchatTexts } from "./en-webchat";

export const ptWebchat = {
  "webchat.typing": "{name} está digitando…",
  "webchat.visit": "Visita ao site",
  "webchat.page": "Página",
  "webchat.referrer": "Origem",
  "webchat.browser": "Navegador",
  "webchat.os": "Sistema",
  "webchat.language": "Idioma",
  "webchat.timeZone": "Fuso horário",
  "webchat.verified": "Usuário conectado {id}",
} satisfies Record<keyof typeof webchatTexts, string>;
