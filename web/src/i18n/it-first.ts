// Italian texts of en-first.ts.
import type { firstTexts } from "./en-first";

export const itFirst = {
  "welcome.title": "Benvenuto in Switchboard",
  "welcome.none": "Ancora nessuna conversazione",
  "welcome.noInbox": "Ancora nessuna inbox",
  "welcome.connectIntro": "Collega WhatsApp, SMS, email o la tua app, e i messaggi dei clienti arriveranno qui.",
  "welcome.waiting": "Le conversazioni compaiono qui appena i clienti scrivono.",
  "welcome.agentNoInbox": "Chiedi a un amministratore di aggiungerti a un'inbox.",
  "welcome.connect": "Collega il primo canale",
  "welcome.inboxes": "Controlla i canali",
  "welcome.demo": "Apri la demo",
  "welcome.demoRun": "Esegui questo sul server (make demo dai sorgenti), poi apri l'indirizzo che stampa:",
  "welcome.demoWhat": "Uno spazio di lavoro separato in cui clienti simulati su WhatsApp, Messenger, Instagram, SMS e chat del sito scrivono e rispondono. Nulla arriva a persone vere; questo spazio resta com'è.",
  "demo.banner": "Spazio demo: clienti simulati su WhatsApp, Messenger, Instagram, SMS e chat del sito scrivono e rispondono alle tue risposte. Nulla arriva a persone vere.",
  "thread.unreadMark": "Nuovi messaggi",
  "print.loading": "Caricamento… {n} messaggi",
  "print.ready": "{n} messaggi",
  "print.dates": "Date",
  "print.printed": "Stampato",
} satisfies Record<keyof typeof firstTexts, string>;
