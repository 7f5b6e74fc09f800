// French texts of en-first.ts.
import type { firstTexts } from "./en-first";

export const frFirst = {
  "welcome.title": "Bienvenue dans Switchboard",
  "welcome.none": "Pas encore de conversations",
  "welcome.noInbox": "Pas encore de boîte de réception",
  "welcome.connectIntro": "Connectez WhatsApp, SMS, e-mail ou votre propre application, et les messages de vos clients arriveront ici.",
  "welcome.waiting": "Les conversations apparaissent ici dès que des clients écrivent.",
  "welcome.agentNoInbox": "Demandez à un administrateur de vous ajouter à une boîte de réception.",
  "welcome.connect": "Connecter un premier canal",
  "welcome.inboxes": "Vérifier vos canaux",
  "welcome.demo": "Ouvrir la démo",
  "welcome.demoRun": "Lancez ceci sur le serveur (make demo depuis les sources), puis ouvrez l'adresse affichée :",
  "welcome.demoWhat": "Un espace de travail à part, où des clients simulés sur WhatsApp, Messenger, Instagram, par SMS et sur le chat du site écrivent et répondent. Rien n'atteint de vraies personnes ; cet espace reste tel quel.",
  "demo.banner": "Espace de démonstration : des clients simulés sur WhatsApp, Messenger, Instagram, par SMS et sur le chat du site écrivent et répondent à vos réponses. Rien n'atteint de vraies personnes.",
  "thread.unreadMark": "Nouveaux messages",
  "print.loading": "Chargement… {n} messages",
  "print.ready": "{n} messages",
  "print.dates": "Dates",
  "print.printed": "Imprimé le",
} satisfies Record<keyof typeof firstTexts, string>;
