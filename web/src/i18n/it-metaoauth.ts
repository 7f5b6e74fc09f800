// Italian texts of en-metaoauth.ts: connecting Messenger and Instagram with Meta's sign-in.
import type { metaOAuthTexts } from "./en-metaoauth";

export const itMetaOAuth = {
  "settings.inboxes.connectFacebook": "Collega con Facebook",
  "settings.inboxes.connectInstagram": "Collega con Instagram",
  "settings.inboxes.metaConnected": "C'è un token: collega di nuovo per sostituirlo.",
  "settings.inboxes.metaNotConnected": "Nessun token: collega, oppure incollane uno nelle impostazioni della casella.",
  "settings.inboxes.metaNeedsApp": "Per collegare con {provider}, inserisci prima l'ID e la chiave segreta dell'app nelle impostazioni della casella.",
  "settings.inboxes.redirectUri": "URI di reindirizzamento OAuth",
  "settings.inboxes.redirectUriHint": "Registralo tra gli URI di reindirizzamento OAuth validi dell'app.",
  "settings.inboxes.tokenExpires": "Il token scade",
  "settings.inboxes.tokenRenewal": "{date}, rinnovato il {renewal}",
  "settings.inboxes.permissions": "Autorizzazioni",
  "settings.inboxes.permissionsAll": "Tutte concesse",
  "settings.inboxes.permissionsMissing": "Non concesse: {list}. Collega di nuovo e consentile.",
  "settings.inboxes.webhookFields": "Campi dei webhook",
  "settings.inboxes.fieldsAll": "Tutti sottoscritti",
  "settings.inboxes.fieldsMissing": "Non sottoscritti: {list}. Collega di nuovo, o sottoscrivili nella dashboard di Meta.",
} satisfies Record<keyof typeof metaOAuthTexts, string>;
