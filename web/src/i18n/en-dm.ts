// English texts of what Messenger and Instagram conversations add: reactions on a channel that
// sends only some.
export const dmTexts = {
  "message.reactWith": "React with {emoji}",
};
