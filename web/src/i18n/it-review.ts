// Italian texts of en-review.ts: identity linking and the review queue.
import type { reviewTexts } from "./en-review";

export const itReview = {
  "review.title": "Possibili duplicati",
  "review.intro": "Contatti che sembrano la stessa persona: stesso numero di telefono o email, o un'email scritta da un visitatore del sito. Uniscili, oppure indica che non sono la stessa persona e non verranno più proposti.",
  "review.back": "Rubrica",
  "review.shared": "Ciò che i due hanno in comune",
  "review.dismiss": "Non è la stessa persona",
  "review.empty": "Nessun possibile duplicato.",
  "review.noneYet": "Nessuno trovato finora: carica altro per cercare oltre.",
  "review.more": "Carica altro",
  "automation.identity_linking": "Collegamento delle identità",
} satisfies Record<keyof typeof reviewTexts, string>;
