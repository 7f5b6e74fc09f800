// Spanish texts of en-hourstpl.ts: templates of automatic replies after the customer's window.
import type { hoursTplTexts } from "./en-hourstpl";

export const esHoursTpl = {
  "hoursTpl.label": "Plantilla cuando la ventana del cliente se ha cerrado",
  "hoursTpl.hint":
    "En este canal, una respuesta que sale después de que se cerrara la ventana de 24 horas del cliente (mensajes atrasados, un reintento tardío) se envía como la plantilla elegida debajo de ella: plantillas aprobadas sin parámetros. Ninguna: la respuesta no se envía y la conversación dice por qué.",
  "hoursTpl.none": "Ninguna: no enviar",
  "hoursTpl.notSent": "{who} no envió: {reply}. La ventana del cliente se había cerrado y no hay ninguna plantilla utilizable elegida",
} satisfies Record<keyof typeof hoursTplTexts, string>;
