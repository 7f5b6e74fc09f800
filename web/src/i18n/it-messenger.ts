// Italian texts of en-messenger.ts: Messenger inboxes.
import type { messengerTexts } from "./en-messenger";

export const itMessenger = {
  "settings.inboxes.field.page_id": "ID della Pagina Facebook",
  "settings.inboxes.field.app_id": "ID dell'app Meta",
  "settings.inboxes.field.human_agent": "Permesso Human Agent",
  "settings.inboxes.hint.page_id": "Nella sezione Informazioni della Pagina o in Meta Business Suite (cifre).",
  "settings.inboxes.hint.app_id": "Riconosce gli echi degli invii di Switchboard.",
  "settings.inboxes.hint.human_agent": "Solo se Meta ha concesso Human Agent alla tua app: gli agenti possono rispondere fino a 7 giorni dall'ultimo messaggio del cliente.",
  "window.human": "Finestra agente umano: mancano {left}",
  "window.closedWait": "La finestra di risposta è chiusa: il cliente deve scrivere di nuovo.",
  "window.neverWait": "Questo cliente non ha ancora scritto: deve scrivere per primo.",
  "window.waitPlaceholder": "Fuori dalla finestra non si può rispondere.",
  "activity.referralAd": "Il cliente è arrivato da un annuncio",
  "activity.referralLink": "Il cliente è arrivato da un link m.me",
  "activity.referralOther": "Il cliente è arrivato da {source}",
  "message.edited": "modificato",
  "message.editedFrom": "Prima: {text}",
} satisfies Record<keyof typeof messengerTexts, string>;
