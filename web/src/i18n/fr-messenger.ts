// French texts of en-messenger.ts: Messenger inboxes.
import type { messengerTexts } from "./en-messenger";

export const frMessenger = {
  "settings.inboxes.field.page_id": "ID de la Page Facebook",
  "settings.inboxes.field.app_id": "ID de l'app Meta",
  "settings.inboxes.field.human_agent": "Autorisation Human Agent",
  "settings.inboxes.hint.page_id": "Dans la section À propos de la Page ou dans Meta Business Suite (chiffres).",
  "settings.inboxes.hint.app_id": "Reconnaît les échos des envois de Switchboard.",
  "settings.inboxes.hint.human_agent": "Seulement si Meta a accordé Human Agent à votre app : les agents peuvent répondre jusqu'à 7 jours après le dernier message du client.",
  "window.human": "Fenêtre agent humain : encore {left}",
  "window.closedWait": "La fenêtre de réponse est fermée : le client doit écrire à nouveau.",
  "window.neverWait": "Ce client n'a pas encore écrit : il doit écrire en premier.",
  "window.waitPlaceholder": "Impossible de répondre hors de la fenêtre.",
  "activity.referralAd": "Le client vient d'une publicité",
  "activity.referralLink": "Le client vient d'un lien m.me",
  "activity.referralOther": "Le client vient de {source}",
  "message.edited": "modifié",
  "message.editedFrom": "Avant : {text}",
} satisfies Record<keyof typeof messengerTexts, string>;
