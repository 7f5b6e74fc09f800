// Spanish texts of en-webchat.ts: web chat conversations (typing, the visitor's browser).
import type { webchatTexts } from "./en-webchat";

export const esWebchat = {
  "webchat.typing": "{name} está escribiendo…",
  "webchat.visit": "Visita al sitio",
  "webchat.page": "Página",
  "webchat.referrer": "Procedencia",
  "webchat.browser": "Navegador",
  "webchat.os": "Sistema",
  "webchat.language": "Idioma",
  "webchat.timeZone": "Zona horaria",
  "webchat.verified": "Usuario registrado {id}",
} satisfies Record<keyof typeof webchatTexts, string>;
