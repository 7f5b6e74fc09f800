// French texts of en-crm.ts: the link to the company's CRM.
import type { crmTexts } from "./en-crm";

export const frCrm = {
  "settings.crm": "Fiches clients",
  "crm.open": "Ouvrir dans le CRM",
  "crm.section": "Depuis votre CRM",
  "crm.loading": "Interrogation de votre CRM…",
  "crm.failed": "Votre CRM n'a pas pu être interrogé pour le moment.",
  "crm.retry": "Réessayer",
  "crm.nothing": "Votre CRM n'a rien sur ce contact.",
  "crm.record": "Ouvrir la fiche",
  "crm.fetched": "Récupéré {time}",
  "crm.intro":
    "Reliez chaque contact à sa fiche dans le CRM de votre entreprise et affichez quelques-uns de ses champs à côté de la conversation.",
  "crm.linkTitle": "Lien vers la fiche",
  "crm.template": "Modèle du lien",
  "crm.templateHint":
    "Une adresse http ou https. Espaces réservés : {id}, {email}, {phone}, {name}, {external_id:api} (tout type d'adresse) et {attributes.plan} (tout attribut). Un contact dont une valeur est vide n'a pas de lien.",
  "crm.label": "Libellé du lien",
  "crm.labelHint": "Laissez vide pour « Ouvrir dans le CRM ».",
  "crm.lookupTitle": "Consultation",
  "crm.lookupIntro":
    "Quand un agent ouvre un contact, Switchboard l'envoie à cette adresse, signé comme les webhooks, et affiche les champs de la réponse. Les réponses sont conservées 5 minutes.",
  "crm.lookupURL": "URL de consultation",
  "crm.lookupURLHint": "Laissez vide pour désactiver la consultation.",
  "crm.secret": "Secret de signature",
  "crm.secretSet": "Un secret est défini. Saisissez-en un nouveau pour le remplacer.",
  "crm.secretNotSet": "Pas encore de secret : de 16 à 200 caractères, connu aussi de votre CRM.",
  "crm.saved": "Enregistré.",
  "crm.lastSuccess": "Dernière consultation réussie : {time}.",
  "crm.lastError": "Dernier échec, {time} :",
  "crm.testTitle": "Tester la consultation",
  "crm.testSearch": "Chercher un contact",
  "crm.testContact": "Contact",
  "crm.test": "Tester",
} satisfies Record<keyof typeof crmTexts, string>;
