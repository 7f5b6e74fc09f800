// Portuguese texts of en-instagram.ts: Instagram inboxes.
import type { instagramTexts } from "./en-instagram";

export const ptInstagram = {
  "settings.inboxes.field.account_id": "ID da conta do Instagram",
  "settings.inboxes.hint.account_id": "O ID da conta profissional (dígitos), que os webhooks da Meta indicam.",
  "settings.inboxes.field.host": "Conectada por",
  "settings.inboxes.hint.host": "O Instagram Login usa graph.instagram.com; uma conta vinculada a uma Página usa o token e o ID da Página.",
  "settings.inboxes.option.instagram": "Instagram Login",
  "settings.inboxes.option.facebook": "Página do Facebook (vinculada)",
  "message.storyReply": "Respondeu ao seu story",
  "message.storyMention": "Mencionou você no story",
  "message.sharedPost": "Compartilhou uma publicação",
  "message.sharedReel": "Compartilhou um reel",
  "message.unsent": "O cliente cancelou o envio desta mensagem.",
  "activity.unsent": "O cliente cancelou o envio de uma mensagem",
} satisfies Record<keyof typeof instagramTexts, string>;
