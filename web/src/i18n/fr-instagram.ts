// French texts of en-instagram.ts: Instagram inboxes.
import type { instagramTexts } from "./en-instagram";

export const frInstagram = {
  "settings.inboxes.field.account_id": "ID du compte Instagram",
  "settings.inboxes.hint.account_id": "L'ID du compte professionnel (chiffres), que nomment les webhooks de Meta.",
  "settings.inboxes.field.host": "Connecté via",
  "settings.inboxes.hint.host": "Instagram Login utilise graph.instagram.com ; un compte lié à une Page utilise le jeton et l'ID de la Page.",
  "settings.inboxes.option.instagram": "Instagram Login",
  "settings.inboxes.option.facebook": "Page Facebook (liée)",
  "message.storyReply": "A répondu à votre story",
  "message.storyMention": "Vous a mentionné dans sa story",
  "message.sharedPost": "A partagé une publication",
  "message.sharedReel": "A partagé un reel",
  "message.unsent": "Le client a retiré ce message.",
  "activity.unsent": "Le client a retiré un message",
} satisfies Record<keyof typeof instagramTexts, string>;
