// French texts of en-merge.ts: contact merges.
import type { mergeTexts } from "./en-merge";

export const frMerge = {
  "merge.duplicates": "Doublons possibles",
  "merge.reason.same_phone": "Même numéro de téléphone",
  "merge.reason.same_email": "Même adresse e-mail",
  "merge.reason.visitor_email": "Un visiteur du site a saisi cet e-mail",
  "merge.reason.name_and_handle": "Même nom et un identifiant proche",
  "merge.confidence": "sûr à {percent} %",
  "merge.open": "Fusionner…",
  "merge.title": "Fusionner {other} dans {name}",
  "merge.intro": "{name} garde ses valeurs ; celles de {other} remplissent les vides. Étiquettes et attributs sont réunis. Vous pourrez annuler la fusion.",
  "merge.fromOther": "de {other}",
  "merge.identitiesMove": "Adresses déplacées",
  "merge.conversationsMove": "Conversations déplacées : {count}",
  "merge.confirm": "Confirmer la fusion",
  "merge.history": "Fusions",
  "merge.merged": "{other} fusionné par {actor}, {date}",
  "merge.undone": "annulée",
  "merge.activityMerged": "{who} a fusionné le contact {other} dans celui-ci",
  "merge.activityUnmerged": "{who} a annulé la fusion de {other}",
  "merge.undo": "Annuler la fusion",
} satisfies Record<keyof typeof mergeTexts, string>;
