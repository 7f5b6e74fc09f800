// Italian texts of en-newconv.ts: the "New conversation" dialog.
import type { newconvTexts } from "./en-newconv";

export const itNewconv = {
  "newconv.action": "Nuova conversazione",
  "newconv.short": "Nuova",
  "newconv.noInbox": "Nessuna delle tue inbox può avviare una conversazione.",
  "newconv.to": "A",
  "newconv.hint.phone": "Un contatto, o un numero con il prefisso internazionale: +39 333 123 4567",
  "newconv.hint.email": "Un contatto, o un indirizzo email",
  "newconv.hint.api": "Un contatto, o l'id del cliente nel tuo sistema",
  "newconv.change": "Scegli un altro contatto",
  "newconv.name": "Nome (facoltativo)",
  "newconv.template": "Modello",
  "newconv.text": "Testo",
  "newconv.templateHint": "A chi non ha mai scritto, o ha scritto l'ultima volta più di 24 ore fa, si può inviare solo un modello approvato.",
  "newconv.subject": "Oggetto",
  "newconv.message": "Messaggio",
  "newconv.start": "Avvia conversazione",
} satisfies Record<keyof typeof newconvTexts, string>;
