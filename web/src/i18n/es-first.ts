// Spanish texts of en-first.ts.
import type { firstTexts } from "./en-first";

export const esFirst = {
  "welcome.title": "Te damos la bienvenida a Switchboard",
  "welcome.none": "Aún no hay conversaciones",
  "welcome.noInbox": "Aún no hay bandejas de entrada",
  "welcome.connectIntro": "Conecta WhatsApp, SMS, correo o tu propia app, y los mensajes de tus clientes llegarán aquí.",
  "welcome.waiting": "Las conversaciones aparecen aquí en cuanto escriben los clientes.",
  "welcome.agentNoInbox": "Pide a un administrador que te añada a una bandeja de entrada.",
  "welcome.connect": "Conecta tu primer canal",
  "welcome.inboxes": "Revisa tus canales",
  "welcome.demo": "Abrir la demo",
  "welcome.demoRun": "Ejecuta esto en el servidor (make demo en el código fuente) y abre la dirección que muestra:",
  "welcome.demoWhat": "Un espacio de trabajo aparte en el que clientes simulados de WhatsApp, Messenger, Instagram, SMS y chat web escriben y contestan. Nada llega a personas reales; este espacio no se toca.",
  "demo.banner": "Espacio de demostración: clientes simulados de WhatsApp, Messenger, Instagram, SMS y chat web escriben y contestan a tus respuestas. Nada llega a personas reales.",
  "thread.unreadMark": "Mensajes nuevos",
  "print.loading": "Cargando… {n} mensajes",
  "print.ready": "{n} mensajes",
  "print.dates": "Fechas",
  "print.printed": "Impreso",
} satisfies Record<keyof typeof firstTexts, string>;
