// Spanish texts of en-csat.ts: the satisfaction survey of an inbox.
import type { csatTexts } from "./en-csat";

export const esCSAT = {
  "csat.menu": "CSAT",
  "csat.title": "Encuesta de satisfacción: {name}",
  "csat.intro": "Tras cada resolución se pide al cliente que valore la conversación, una vez: no de nuevo si se resuelve otra vez en 24 horas, ni si ya está valorada. La valoración aparece en el hilo y en la conversación.",
  "csat.enabled": "Pedir al cliente que valore la conversación al resolverla",
  "csat.how.webchat": "Chat web: el widget muestra su formulario de valoración bajo la conversación resuelta.",
  "csat.how.whatsapp": "WhatsApp: botones de respuesta (hasta 3 respuestas) o una lista (del 1 al 5); a través de Twilio, una pregunta de texto. No se envía con la ventana de 24 horas cerrada.",
  "csat.how.email": "Correo: un mensaje con un enlace por valoración a una página donde el cliente confirma y puede comentar.",
  "csat.how.text": "Una pregunta de texto: el siguiente mensaje del cliente, en 24 horas, es la respuesta si es solo un número (o 👍/👎).",
  "csat.question": "Pregunta",
  "csat.questionHint": "Vacía: “How would you rate our help with this conversation?”",
  "csat.scale": "Escala",
  "csat.scale5": "Del 1 al 5",
  "csat.scale3": "Del 1 al 3 (guardados como 1, 3, 5)",
  "csat.thumbs": "👍 / 👎 (guardados como 5 y 1)",
  "csat.thankYou": "Mensaje de agradecimiento",
  "csat.thankYouHint": "Se envía tras una respuesta por mensaje; se muestra en la página de valoración del correo. Vacío: ninguno.",
  "csat.askComment": "Ofrecer un comentario (chat web y página de valoración del correo)",
  "csat.answer": "Respuesta a la encuesta: {rating}/5",
} satisfies Record<keyof typeof csatTexts, string>;
