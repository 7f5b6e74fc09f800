// French texts of en-review.ts: identity linking and the review queue.
import type { reviewTexts } from "./en-review";

export const frReview = {
  "review.title": "Doublons possibles",
  "review.intro": "Des contacts qui semblent être la même personne : même numéro de téléphone ou même e-mail, ou un e-mail saisi par un visiteur du site. Fusionnez-les, ou indiquez qu'il ne s'agit pas de la même personne : ils ne seront plus proposés.",
  "review.back": "Carnet d'adresses",
  "review.shared": "Ce que les deux ont en commun",
  "review.dismiss": "Pas la même personne",
  "review.empty": "Aucun doublon possible.",
  "review.noneYet": "Aucun pour l'instant : chargez la suite pour chercher plus loin.",
  "review.more": "Charger la suite",
  "automation.identity_linking": "Liaison des identités",
} satisfies Record<keyof typeof reviewTexts, string>;
