// Italian texts of en-crm.ts: the link to the company's CRM.
import type { crmTexts } from "./en-crm";

export const itCrm = {
  "settings.crm": "Schede clienti",
  "crm.open": "Apri nel CRM",
  "crm.section": "Dal tuo CRM",
  "crm.loading": "Chiedo al tuo CRM…",
  "crm.failed": "Non è stato possibile interrogare il tuo CRM in questo momento.",
  "crm.retry": "Riprova",
  "crm.nothing": "Il tuo CRM non ha nulla su questo contatto.",
  "crm.record": "Apri la scheda",
  "crm.fetched": "Aggiornato {time}",
  "crm.intro":
    "Collega ogni contatto alla sua scheda nel CRM dell'azienda e mostra alcuni suoi campi accanto alla conversazione.",
  "crm.linkTitle": "Link alla scheda",
  "crm.template": "Modello del link",
  "crm.templateHint":
    "Un indirizzo http o https. Segnaposto: {id}, {email}, {phone}, {name}, {external_id:api} (qualsiasi tipo di indirizzo) e {attributes.plan} (qualsiasi attributo). Un contatto con un valore vuoto non ha il link.",
  "crm.label": "Testo del link",
  "crm.labelHint": "Lascia vuoto per “Apri nel CRM”.",
  "crm.lookupTitle": "Consultazione",
  "crm.lookupIntro":
    "Quando un agente apre un contatto, Switchboard lo invia a questo indirizzo, firmato come i webhook, e mostra i campi della risposta. Le risposte sono conservate per 5 minuti.",
  "crm.lookupURL": "URL di consultazione",
  "crm.lookupURLHint": "Lascia vuoto per disattivare la consultazione.",
  "crm.secret": "Segreto di firma",
  "crm.secretSet": "Un segreto è impostato. Scrivine uno nuovo per sostituirlo.",
  "crm.secretNotSet": "Nessun segreto: da 16 a 200 caratteri, noto anche al tuo CRM.",
  "crm.saved": "Salvato.",
  "crm.lastSuccess": "Ultima consultazione riuscita: {time}.",
  "crm.lastError": "Ultimo errore, {time}:",
  "crm.testTitle": "Prova la consultazione",
  "crm.testSearch": "Cerca un contatto",
  "crm.testContact": "Contatto",
  "crm.test": "Prova",
} satisfies Record<keyof typeof crmTexts, string>;
