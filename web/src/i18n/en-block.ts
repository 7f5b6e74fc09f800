// English texts of blocking and erasing contacts, and of the audit log.
export const blockTexts = {
  "block.block": "Block",
  "block.unblock": "Unblock",
  "block.confirmTitle": "Block {name}?",
  "block.confirmText": "Their messages will still be kept, but hidden: no list, unread count, notification, rule, automatic assignment, auto-reply, bot, survey or SLA timer will react to them. Their conversations show only when you open the contact or filter for blocked contacts. You can unblock them at any time.",
  "block.banner": "This contact is blocked — messages are kept but hidden",
  "block.erase": "Delete contact",
  "block.eraseTitle": "Delete {name} and all their data?",
  "block.eraseText": "This erases the contact for good (the customer's right to erasure): all their conversations and messages, files, addresses, survey answers and scheduled messages, and every trace of them in search, the event log, queued jobs, the raw webhooks kept from providers and contact imports. It cannot be undone. The audit log records that you did it, with the contact id and counts only.",
  "block.eraseWord": "DELETE",
  "block.eraseType": "Type {word} to confirm",
  "block.eraseConfirm": "Delete for good",
  "audit.empty": "Nothing recorded yet.",
  "audit.erased": "{actor} erased contact #{id}: {conversations} conversations, {messages} messages, {files} files",
  "audit.more": "Show more",
  "settings.audit": "Audit log",
};
