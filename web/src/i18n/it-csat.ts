// Italian texts of en-csat.ts: the satisfaction survey of an inbox.
import type { csatTexts } from "./en-csat";

export const itCSAT = {
  "csat.menu": "CSAT",
  "csat.title": "Sondaggio di soddisfazione: {name}",
  "csat.intro": "Dopo ogni risoluzione si chiede al cliente di valutare la conversazione, una volta: non di nuovo se viene risolta ancora entro 24 ore, né se è già valutata. Il voto appare nel thread e sulla conversazione.",
  "csat.enabled": "Chiedi al cliente di valutare la conversazione dopo la risoluzione",
  "csat.how.webchat": "Web chat: il widget mostra il suo modulo di valutazione sotto la conversazione risolta.",
  "csat.how.whatsapp": "WhatsApp: pulsanti di risposta (fino a 3 risposte) o un elenco (da 1 a 5); tramite Twilio, una domanda di testo. Non viene inviato a finestra di 24 ore chiusa.",
  "csat.how.email": "Email: un messaggio con un link per ogni voto verso una pagina dove il cliente conferma e può commentare.",
  "csat.how.text": "Una domanda di testo: il messaggio successivo del cliente, entro 24 ore, è la risposta se è solo un numero (o 👍/👎).",
  "csat.question": "Domanda",
  "csat.questionHint": "Vuota: “How would you rate our help with this conversation?”",
  "csat.scale": "Scala",
  "csat.scale5": "Da 1 a 5",
  "csat.scale3": "Da 1 a 3 (salvati come 1, 3, 5)",
  "csat.thumbs": "👍 / 👎 (salvati come 5 e 1)",
  "csat.thankYou": "Messaggio di ringraziamento",
  "csat.thankYouHint": "Inviato dopo una risposta via messaggio; mostrato nella pagina di valutazione via email. Vuoto: nessuno.",
  "csat.askComment": "Proponi un commento (web chat e pagina di valutazione via email)",
  "csat.answer": "Risposta al sondaggio: {rating}/5",
} satisfies Record<keyof typeof csatTexts, string>;
