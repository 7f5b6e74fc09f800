// Spanish texts of en-messenger.ts: Messenger inboxes.
import type { messengerTexts } from "./en-messenger";

export const esMessenger = {
  "settings.inboxes.field.page_id": "ID de la página de Facebook",
  "settings.inboxes.field.app_id": "ID de la app de Meta",
  "settings.inboxes.field.human_agent": "Permiso Human Agent",
  "settings.inboxes.hint.page_id": "En la sección Información de la página o en Meta Business Suite (dígitos).",
  "settings.inboxes.hint.app_id": "Reconoce los ecos de los envíos de Switchboard.",
  "settings.inboxes.hint.human_agent": "Solo si Meta concedió Human Agent a tu app: los agentes pueden responder hasta 7 días después del último mensaje del cliente.",
  "window.human": "Ventana de agente humano: quedan {left}",
  "window.closedWait": "La ventana de respuesta está cerrada: el cliente debe volver a escribir.",
  "window.neverWait": "Este cliente aún no ha escrito: debe escribir primero.",
  "window.waitPlaceholder": "Fuera de la ventana no se puede responder.",
  "activity.referralAd": "El cliente llegó desde un anuncio",
  "activity.referralLink": "El cliente llegó desde un enlace m.me",
  "activity.referralOther": "El cliente llegó desde {source}",
  "message.edited": "editado",
  "message.editedFrom": "Antes: {text}",
} satisfies Record<keyof typeof messengerTexts, string>;
