// French texts of en-csat.ts: the satisfaction survey of an inbox.
import type { csatTexts } from "./en-csat";

export const frCSAT = {
  "csat.menu": "CSAT",
  "csat.title": "Enquête de satisfaction : {name}",
  "csat.intro": "Après chaque résolution, le client est invité à noter la conversation, une fois : pas à nouveau si elle est résolue encore dans les 24 heures, ni si elle est déjà notée. La note s'affiche dans le fil et sur la conversation.",
  "csat.enabled": "Demander au client de noter la conversation une fois résolue",
  "csat.how.webchat": "Chat web : le widget affiche son formulaire de note sous la conversation résolue.",
  "csat.how.whatsapp": "WhatsApp : boutons de réponse (jusqu'à 3 réponses) ou une liste (de 1 à 5) ; via Twilio, une question texte. Rien n'est envoyé une fois la fenêtre de 24 heures fermée.",
  "csat.how.email": "E-mail : un message avec un lien par note vers une page où le client confirme et peut commenter.",
  "csat.how.text": "Une question texte : le message suivant du client, dans les 24 heures, est la réponse s'il n'est qu'un chiffre (ou 👍/👎).",
  "csat.question": "Question",
  "csat.questionHint": "Vide : « How would you rate our help with this conversation? »",
  "csat.scale": "Échelle",
  "csat.scale5": "De 1 à 5",
  "csat.scale3": "De 1 à 3 (enregistrés comme 1, 3, 5)",
  "csat.thumbs": "👍 / 👎 (enregistrés comme 5 et 1)",
  "csat.thankYou": "Message de remerciement",
  "csat.thankYouHint": "Envoyé après une réponse par message ; affiché sur la page de note de l'e-mail. Vide : aucun.",
  "csat.askComment": "Proposer un commentaire (chat web et page de note de l'e-mail)",
  "csat.answer": "Réponse à l'enquête : {rating}/5",
} satisfies Record<keyof typeof csatTexts, string>;
