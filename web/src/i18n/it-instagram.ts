// Italian texts of en-instagram.ts: Instagram inboxes.
import type { instagramTexts } from "./en-instagram";

export const itInstagram = {
  "settings.inboxes.field.account_id": "ID dell'account Instagram",
  "settings.inboxes.hint.account_id": "L'ID dell'account professionale (cifre), che i webhook di Meta indicano.",
  "settings.inboxes.field.host": "Collegato tramite",
  "settings.inboxes.hint.host": "Instagram Login usa graph.instagram.com; un account collegato a una Pagina usa il token e l'ID della Pagina.",
  "settings.inboxes.option.instagram": "Instagram Login",
  "settings.inboxes.option.facebook": "Pagina Facebook (collegata)",
  "message.storyReply": "Ha risposto alla tua storia",
  "message.storyMention": "Ti ha menzionato nella sua storia",
  "message.sharedPost": "Ha condiviso un post",
  "message.sharedReel": "Ha condiviso un reel",
  "message.unsent": "Il cliente ha annullato l'invio di questo messaggio.",
  "activity.unsent": "Il cliente ha annullato l'invio di un messaggio",
} satisfies Record<keyof typeof instagramTexts, string>;
