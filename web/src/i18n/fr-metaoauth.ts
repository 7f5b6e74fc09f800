// French texts of en-metaoauth.ts: connecting Messenger and Instagram with Meta's sign-in.
import type { metaOAuthTexts } from "./en-metaoauth";

export const frMetaOAuth = {
  "settings.inboxes.connectFacebook": "Connecter avec Facebook",
  "settings.inboxes.connectInstagram": "Connecter avec Instagram",
  "settings.inboxes.metaConnected": "Un jeton est enregistré : connectez à nouveau pour le remplacer.",
  "settings.inboxes.metaNotConnected": "Pas encore de jeton : connectez, ou collez-en un dans les réglages de la boîte.",
  "settings.inboxes.metaNeedsApp": "Pour connecter avec {provider}, saisissez d'abord l'ID et la clé secrète de l'app dans les réglages de la boîte.",
  "settings.inboxes.redirectUri": "URI de redirection OAuth",
  "settings.inboxes.redirectUriHint": "Enregistrez-la parmi les URI de redirection OAuth valides de l'app.",
  "settings.inboxes.tokenExpires": "Le jeton expire",
  "settings.inboxes.tokenRenewal": "{date}, renouvelé le {renewal}",
  "settings.inboxes.permissions": "Autorisations",
  "settings.inboxes.permissionsAll": "Toutes accordées",
  "settings.inboxes.permissionsMissing": "Non accordées : {list}. Connectez à nouveau et autorisez-les.",
  "settings.inboxes.webhookFields": "Champs des webhooks",
  "settings.inboxes.fieldsAll": "Tous abonnés",
  "settings.inboxes.fieldsMissing": "Non abonnés : {list}. Connectez à nouveau, ou abonnez-les dans le tableau de bord de Meta.",
} satisfies Record<keyof typeof metaOAuthTexts, string>;
