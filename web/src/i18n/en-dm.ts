// English texts of what Messenger and Instagram add: reactions on a channel that sends only some,
// and an Instagram inbox's public address (images sent by URL).
export const dmTexts = {
  "message.reactWith": "React with {emoji}",
  "settings.inboxes.field.public_url": "Switchboard's public address",
  "settings.inboxes.hint.public_url": "Optional, such as https://inbox.example.com: Instagram then fetches the images you send from it (a signed link that works for a day), as Meta asks. Without it, images are uploaded.",
};
