// English texts of the "New conversation" dialog (inbox/NewConversation.tsx).
export const newconvTexts = {
  "newconv.action": "New conversation",
  "newconv.short": "New",
  "newconv.noInbox": "None of your inboxes can start a conversation.",
  "newconv.to": "To",
  "newconv.hint.phone": "A contact, or a number with its country code: +39 333 123 4567",
  "newconv.hint.email": "A contact, or an email address",
  "newconv.hint.api": "A contact, or the customer's id in your system",
  "newconv.change": "Choose another contact",
  "newconv.name": "Name (optional)",
  "newconv.template": "Template",
  "newconv.text": "Text",
  "newconv.templateHint": "Someone who never wrote, or last wrote over 24 hours ago, can only be sent an approved template.",
  "newconv.subject": "Subject",
  "newconv.message": "Message",
  "newconv.start": "Start conversation",
} as const;
