// English texts of Messenger inboxes: their settings, and the reply window without templates.
export const messengerTexts = {
  "settings.inboxes.field.page_id": "Facebook Page ID",
  "settings.inboxes.field.app_id": "Meta app ID",
  "settings.inboxes.field.human_agent": "Human Agent permission",
  "settings.inboxes.hint.page_id": "In the Page's About section, or Meta Business Suite (digits).",
  "settings.inboxes.hint.app_id": "Recognises echoes of Switchboard's own sends.",
  "settings.inboxes.hint.human_agent": "Only if Meta granted your app Human Agent: agents may answer up to 7 days after the customer's last message.",
  "window.human": "Human agent window: {left} left",
  "window.closedWait": "The reply window is closed: the customer must write again.",
  "window.neverWait": "This customer has not written yet: they must write first.",
  "window.waitPlaceholder": "Replies are not allowed outside the window.",
  "activity.referralAd": "The customer came from an ad",
  "activity.referralLink": "The customer came from an m.me link",
  "activity.referralOther": "The customer came from {source}",
  "message.edited": "edited",
  "message.editedFrom": "Before: {text}",
};
