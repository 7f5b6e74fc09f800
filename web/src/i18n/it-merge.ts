// Italian texts of en-merge.ts: contact merges.
import type { mergeTexts } from "./en-merge";

export const itMerge = {
  "merge.duplicates": "Possibili duplicati",
  "merge.reason.same_phone": "Stesso numero di telefono",
  "merge.reason.same_email": "Stesso indirizzo email",
  "merge.reason.visitor_email": "Un visitatore del sito ha scritto questa email",
  "merge.reason.name_and_handle": "Stesso nome e un nome utente simile",
  "merge.confidence": "sicuro al {percent}%",
  "merge.open": "Unisci…",
  "merge.title": "Unisci {other} a {name}",
  "merge.intro": "{name} mantiene i suoi valori; quelli di {other} riempiono i vuoti. Etichette e attributi si sommano. Potrai annullare l'unione.",
  "merge.fromOther": "da {other}",
  "merge.identitiesMove": "Indirizzi che passano",
  "merge.conversationsMove": "Conversazioni che passano: {count}",
  "merge.confirm": "Conferma unione",
  "merge.history": "Unioni",
  "merge.merged": "{other} unito da {actor}, {date}",
  "merge.undone": "annullata",
  "merge.activityMerged": "{who} ha unito il contatto {other} a questo",
  "merge.activityUnmerged": "{who} ha annullato l'unione di {other}",
  "merge.undo": "Annulla unione",
} satisfies Record<keyof typeof mergeTexts, string>;
