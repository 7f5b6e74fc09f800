// Spanish texts of en-metaoauth.ts: connecting Messenger and Instagram with Meta's sign-in.
import type { metaOAuthTexts } from "./en-metaoauth";

export const esMetaOAuth = {
  "settings.inboxes.connectFacebook": "Conectar con Facebook",
  "settings.inboxes.connectInstagram": "Conectar con Instagram",
  "settings.inboxes.metaConnected": "Hay un token: conecta de nuevo para sustituirlo.",
  "settings.inboxes.metaNotConnected": "Aún no hay token: conecta, o pega uno en los ajustes de la bandeja.",
  "settings.inboxes.metaNeedsApp": "Para conectar con {provider}, introduce antes el ID y la clave secreta de la app en los ajustes de la bandeja.",
  "settings.inboxes.redirectUri": "URI de redirección OAuth",
  "settings.inboxes.redirectUriHint": "Regístralo entre los URI de redirección OAuth válidos de la app.",
  "settings.inboxes.tokenExpires": "El token caduca",
  "settings.inboxes.tokenRenewal": "{date}, se renueva el {renewal}",
  "settings.inboxes.permissions": "Permisos",
  "settings.inboxes.permissionsAll": "Todos concedidos",
  "settings.inboxes.permissionsMissing": "No concedidos: {list}. Conecta de nuevo y permítelos.",
  "settings.inboxes.webhookFields": "Campos de webhook",
  "settings.inboxes.fieldsAll": "Todos suscritos",
  "settings.inboxes.fieldsMissing": "Sin suscribir: {list}. Conecta de nuevo, o suscríbelos en el panel de Meta.",
} satisfies Record<keyof typeof metaOAuthTexts, string>;
