// Spanish texts of en-crm.ts: the link to the company's CRM.
import type { crmTexts } from "./en-crm";

export const esCrm = {
  "settings.crm": "Fichas de clientes",
  "crm.open": "Abrir en el CRM",
  "crm.section": "De tu CRM",
  "crm.loading": "Consultando tu CRM…",
  "crm.failed": "No se ha podido consultar tu CRM en este momento.",
  "crm.retry": "Reintentar",
  "crm.nothing": "Tu CRM no tiene nada sobre este contacto.",
  "crm.record": "Abrir la ficha",
  "crm.fetched": "Obtenido {time}",
  "crm.intro":
    "Enlaza cada contacto con su ficha en el CRM de tu empresa y muestra algunos de sus campos junto a la conversación.",
  "crm.linkTitle": "Enlace a la ficha",
  "crm.template": "Plantilla del enlace",
  "crm.templateHint":
    "Una dirección http o https. Marcadores: {id}, {email}, {phone}, {name}, {external_id:api} (cualquier tipo de dirección) y {attributes.plan} (cualquier atributo). Un contacto con un valor vacío no tiene enlace.",
  "crm.label": "Texto del enlace",
  "crm.labelHint": "Déjalo vacío para “Abrir en el CRM”.",
  "crm.lookupTitle": "Consulta",
  "crm.lookupIntro":
    "Cuando un agente abre un contacto, Switchboard lo envía a esta dirección, firmado como los webhooks, y muestra los campos de la respuesta. Las respuestas se guardan 5 minutos.",
  "crm.lookupURL": "URL de consulta",
  "crm.lookupURLHint": "Déjala vacía para desactivar la consulta.",
  "crm.secret": "Secreto de firma",
  "crm.secretSet": "Hay un secreto. Escribe uno nuevo para sustituirlo.",
  "crm.secretNotSet": "Aún no hay secreto: de 16 a 200 caracteres, que tu CRM también conoce.",
  "crm.saved": "Guardado.",
  "crm.lastSuccess": "Última consulta respondida: {time}.",
  "crm.lastError": "Último fallo, {time}:",
  "crm.testTitle": "Probar la consulta",
  "crm.testSearch": "Buscar un contacto",
  "crm.testContact": "Contacto",
  "crm.test": "Probar",
} satisfies Record<keyof typeof crmTexts, string>;
