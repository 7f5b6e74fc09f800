// Italian texts of en-problems.ts: the server's problems, by code.
import type { wordsTexts, problemTexts } from "./en-problems";

export const itProblems = {
  "problem.fields": "Alcuni campi non sono validi.",
  "problem.not_found": "Non trovato: è stato eliminato, o non puoi vederlo.",
  "problem.forbidden": "Non hai il permesso di farlo.",
  "problem.conflict": "È in conflitto con una modifica fatta nel frattempo. Ricarica e riprova.",
  "problem.unauthorized": "Email o password errate, o la sessione è scaduta.",
  "problem.window_closed": "La finestra di assistenza è chiusa: invia un modello.",
  "problem.opted_out": "Il cliente ha chiesto di non ricevere messaggi su questo canale.",
  "problem.rate_limited": "Troppi tentativi. Attendi un poco e riprova.",
  "problem.unavailable": "Switchboard non è raggiungibile ora. Riprova tra qualche secondo.",
  "problem.too_large": "È troppo grande.",
  "problem.internal": "Qualcosa è andato storto. Riprova.",

  "fieldError.required": "Obbligatorio.",
  "fieldError.length": "Inserisci da {min} a {max} caratteri.",
  "fieldError.too_long": "Usa al massimo {max} caratteri.",
  "fieldError.too_short": "Usa almeno {min} caratteri.",
  "fieldError.email": "Inserisci un indirizzo email valido.",
  "fieldError.taken": "Già in uso.",
  "fieldError.future": "Scegli un momento nel futuro.",
  "fieldError.wrong_password": "Non è la tua password attuale.",
  "fieldError.password_too_long": "Troppo lunga: al massimo {max} byte, meno con accenti o emoji.",
  "fieldError.password_common": "È una delle password più comuni: scegline un'altra.",
  "fieldError.password_repetitive": "Si ripete o segue una sequenza: scegline un'altra.",
  "fieldError.password_personal": "Non usare il tuo nome o il tuo indirizzo email.",

  "notFound.title": "Conversazione non trovata",
  "notFound.text": "È stata eliminata, o non hai accesso.",
  "notFound.back": "Torna all'inbox",

} satisfies Record<keyof typeof problemTexts | keyof typeof wordsTexts, string>;
