// Spanish texts of en-instagram.ts: Instagram inboxes.
import type { instagramTexts } from "./en-instagram";

export const esInstagram = {
  "settings.inboxes.field.account_id": "ID de la cuenta de Instagram",
  "settings.inboxes.hint.account_id": "El ID de la cuenta profesional (dígitos), que nombran los webhooks de Meta.",
  "settings.inboxes.field.host": "Conectada mediante",
  "settings.inboxes.hint.host": "Instagram Login usa graph.instagram.com; una cuenta vinculada a una página usa el token y el ID de la página.",
  "settings.inboxes.option.instagram": "Instagram Login",
  "settings.inboxes.option.facebook": "Página de Facebook (vinculada)",
  "message.storyReply": "Respondió a tu historia",
  "message.storyMention": "Te mencionó en su historia",
  "message.sharedPost": "Compartió una publicación",
  "message.sharedReel": "Compartió un reel",
  "message.unsent": "El cliente anuló el envío de este mensaje.",
  "activity.unsent": "El cliente anuló el envío de un mensaje",
} satisfies Record<keyof typeof instagramTexts, string>;
