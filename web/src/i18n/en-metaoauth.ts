// English texts of connecting Messenger and Instagram inboxes with Meta's sign-in, and of what
// their health shows: the token's expiry, the permissions not granted, the webhook fields not
// subscribed.
export const metaOAuthTexts = {
  "settings.inboxes.connectFacebook": "Connect with Facebook",
  "settings.inboxes.connectInstagram": "Connect with Instagram",
  "settings.inboxes.metaConnected": "A token is set: connect again to replace it.",
  "settings.inboxes.metaNotConnected": "No token yet: connect, or paste one in the inbox's settings.",
  "settings.inboxes.metaNeedsApp": "To connect with {provider}, enter the app's ID and the app secret in the inbox's settings first.",
  "settings.inboxes.redirectUri": "OAuth redirect URI",
  "settings.inboxes.redirectUriHint": "Register it among the app's valid OAuth redirect URIs.",
  "settings.inboxes.tokenExpires": "Token expires",
  "settings.inboxes.tokenRenewal": "{date}, renewed on {renewal}",
  "settings.inboxes.permissions": "Permissions",
  "settings.inboxes.permissionsAll": "All granted",
  "settings.inboxes.permissionsMissing": "Not granted: {list}. Connect again and allow them.",
  "settings.inboxes.webhookFields": "Webhook fields",
  "settings.inboxes.fieldsAll": "All subscribed",
  "settings.inboxes.fieldsMissing": "Not subscribed: {list}. Connect again, or subscribe them in Meta's dashboard.",
};
