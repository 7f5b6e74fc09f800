// Spanish texts of en-newconv.ts: the "New conversation" dialog.
import type { newconvTexts } from "./en-newconv";

export const esNewconv = {
  "newconv.action": "Nueva conversación",
  "newconv.short": "Nueva",
  "newconv.noInbox": "Ninguna de tus bandejas de entrada puede iniciar una conversación.",
  "newconv.to": "Para",
  "newconv.hint.phone": "Un contacto, o un número con su prefijo internacional: +34 612 345 678",
  "newconv.hint.email": "Un contacto, o una dirección de correo",
  "newconv.hint.api": "Un contacto, o el id del cliente en tu sistema",
  "newconv.change": "Elegir otro contacto",
  "newconv.name": "Nombre (opcional)",
  "newconv.template": "Plantilla",
  "newconv.text": "Texto",
  "newconv.templateHint": "A quien nunca escribió, o escribió por última vez hace más de 24 horas, solo se le puede enviar una plantilla aprobada.",
  "newconv.subject": "Asunto",
  "newconv.message": "Mensaje",
  "newconv.start": "Iniciar conversación",
} satisfies Record<keyof typeof newconvTexts, string>;
