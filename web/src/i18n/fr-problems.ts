// French texts of en-problems.ts: the server's problems, by code.
import type { wordsTexts, problemTexts } from "./en-problems";

export const frProblems = {
  "problem.fields": "Certains champs ne sont pas valides.",
  "problem.not_found": "Introuvable : supprimé, ou vous ne pouvez pas le voir.",
  "problem.forbidden": "Vous n'avez pas le droit de faire cela.",
  "problem.conflict": "Cela entre en conflit avec une modification faite entre-temps. Rechargez et réessayez.",
  "problem.unauthorized": "E-mail ou mot de passe incorrect, ou votre session a expiré.",
  "problem.window_closed": "La fenêtre de service client est fermée : envoyez un modèle.",
  "problem.opted_out": "Le client ne souhaite plus recevoir de messages sur ce canal.",
  "problem.rate_limited": "Trop de tentatives. Patientez un peu et réessayez.",
  "problem.unavailable": "Switchboard est injoignable pour le moment. Réessayez dans quelques secondes.",
  "problem.too_large": "C'est trop volumineux.",
  "problem.internal": "Un problème est survenu. Veuillez réessayer.",

  "fieldError.required": "Obligatoire.",
  "fieldError.length": "Saisissez de {min} à {max} caractères.",
  "fieldError.too_long": "{max} caractères au maximum.",
  "fieldError.too_short": "{min} caractères au minimum.",
  "fieldError.email": "Saisissez une adresse e-mail valide.",
  "fieldError.taken": "Déjà utilisé.",
  "fieldError.future": "Choisissez un moment dans le futur.",
  "fieldError.wrong_password": "Ce n'est pas votre mot de passe actuel.",
  "fieldError.password_too_long": "Trop long : {max} octets au maximum, moins avec des accents ou des emoji.",
  "fieldError.password_common": "C'est l'un des mots de passe les plus courants : choisissez-en un autre.",
  "fieldError.password_repetitive": "Il se répète ou suit une séquence : choisissez-en un autre.",
  "fieldError.password_personal": "N'utilisez pas votre nom ni votre adresse e-mail.",

  "notFound.title": "Conversation introuvable",
  "notFound.text": "Elle a été supprimée, ou vous n'y avez pas accès.",
  "notFound.back": "Retour à la boîte de réception",

} satisfies Record<keyof typeof problemTexts | keyof typeof wordsTexts, string>;
