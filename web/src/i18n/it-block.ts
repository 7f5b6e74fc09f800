// Texts of blocking and erasing contacts, and of the audit log (it).
import type { blockTexts } from "./en-block";

export const itBlock = {
  "block.block": "Blocca",
  "block.unblock": "Sblocca",
  "block.confirmTitle": "Bloccare {name}?",
  "block.confirmText": "I suoi messaggi saranno comunque conservati, ma nascosti: nessuna lista, conteggio dei non letti, notifica, regola, assegnazione automatica, risposta automatica, bot, sondaggio o timer SLA reagirà. Le sue conversazioni compaiono solo aprendo il contatto o filtrando i contatti bloccati. Puoi sbloccarlo in qualsiasi momento.",
  "block.banner": "Questo contatto è bloccato — i messaggi sono conservati ma nascosti",
  "block.erase": "Elimina contatto",
  "block.eraseTitle": "Eliminare {name} e tutti i suoi dati?",
  "block.eraseText": "Il contatto viene cancellato definitivamente (diritto all'oblio del cliente): tutte le sue conversazioni e i messaggi, i file, gli indirizzi, le risposte ai sondaggi e i messaggi programmati, e ogni sua traccia nella ricerca, nel registro degli eventi, nei job in coda, nei webhook originali dei provider e nelle importazioni di contatti. Non si può annullare. Il registro di audit annota che l'hai fatto, solo con l'id del contatto e i conteggi.",
  "block.eraseWord": "ELIMINA",
  "block.eraseType": "Scrivi {word} per confermare",
  "block.eraseConfirm": "Elimina definitivamente",
  "audit.empty": "Ancora nulla di registrato.",
  "audit.erased": "{actor} ha cancellato il contatto #{id}: {conversations} conversazioni, {messages} messaggi, {files} file",
  "audit.more": "Mostra altro",
  "settings.audit": "Registro di audit",
} satisfies Record<keyof typeof blockTexts, string>;
