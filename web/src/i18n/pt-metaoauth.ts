// Portuguese texts of en-metaoauth.ts: connecting Messenger and Instagram with Meta's sign-in.
import type { metaOAuthTexts } from "./en-metaoauth";

export const ptMetaOAuth = {
  "settings.inboxes.connectFacebook": "Conectar com o Facebook",
  "settings.inboxes.connectInstagram": "Conectar com o Instagram",
  "settings.inboxes.metaConnected": "Há um token: conecte de novo para substituí-lo.",
  "settings.inboxes.metaNotConnected": "Ainda sem token: conecte, ou cole um nas configurações da caixa.",
  "settings.inboxes.metaNeedsApp": "Para conectar com {provider}, introduza antes o ID e a chave secreta do app nas configurações da caixa.",
  "settings.inboxes.redirectUri": "URI de redirecionamento OAuth",
  "settings.inboxes.redirectUriHint": "Registre-o entre os URIs de redirecionamento OAuth válidos do app.",
  "settings.inboxes.tokenExpires": "O token expira",
  "settings.inboxes.tokenRenewal": "{date}, renovado em {renewal}",
  "settings.inboxes.permissions": "Permissões",
  "settings.inboxes.permissionsAll": "Todas concedidas",
  "settings.inboxes.permissionsMissing": "Não concedidas: {list}. Conecte de novo e permita-as.",
  "settings.inboxes.webhookFields": "Campos de webhook",
  "settings.inboxes.fieldsAll": "Todos assinados",
  "settings.inboxes.fieldsMissing": "Não assinados: {list}. Conecte de novo, ou assine-os no painel da Meta.",
} satisfies Record<keyof typeof metaOAuthTexts, string>;
