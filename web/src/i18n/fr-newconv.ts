// French texts of en-newconv.ts: the "New conversation" dialog.
import type { newconvTexts } from "./en-newconv";

export const frNewconv = {
  "newconv.action": "Nouvelle conversation",
  "newconv.short": "Nouvelle",
  "newconv.noInbox": "Aucune de vos boîtes de réception ne peut démarrer une conversation.",
  "newconv.to": "À",
  "newconv.hint.phone": "Un contact, ou un numéro avec son indicatif : +33 6 12 34 56 78",
  "newconv.hint.email": "Un contact, ou une adresse e-mail",
  "newconv.hint.api": "Un contact, ou l'identifiant du client dans votre système",
  "newconv.change": "Choisir un autre contact",
  "newconv.name": "Nom (facultatif)",
  "newconv.template": "Modèle",
  "newconv.text": "Texte",
  "newconv.templateHint": "À qui n'a jamais écrit, ou a écrit pour la dernière fois il y a plus de 24 heures, seul un modèle approuvé peut être envoyé.",
  "newconv.subject": "Objet",
  "newconv.message": "Message",
  "newconv.start": "Démarrer la conversation",
} satisfies Record<keyof typeof newconvTexts, string>;
