// English texts of Instagram inboxes: their settings, stories, shares and unsent messages.
export const instagramTexts = {
  "settings.inboxes.field.account_id": "Instagram account ID",
  "settings.inboxes.hint.account_id": "The professional account's ID (digits), which Meta's webhooks name.",
  "settings.inboxes.field.host": "Connected through",
  "settings.inboxes.hint.host": "Instagram Login uses graph.instagram.com; a Page-linked account uses the Page's token and ID.",
  "settings.inboxes.option.instagram": "Instagram Login",
  "settings.inboxes.option.facebook": "Facebook Page (linked)",
  "message.storyReply": "Replied to your story",
  "message.storyMention": "Mentioned you in their story",
  "message.sharedPost": "Shared a post",
  "message.sharedReel": "Shared a reel",
  "message.unsent": "The customer unsent this message.",
  "activity.unsent": "The customer unsent a message",
};
