// English texts of web chat conversations: the visitor typing, and their browser in the contact
// panel.
export const webchatTexts = {
  "webchat.typing": "{name} is typing…",
  "webchat.visit": "Website visit",
  "webchat.page": "Page",
  "webchat.referrer": "Referrer",
  "webchat.browser": "Browser",
  "webchat.os": "OS",
  "webchat.language": "Language",
  "webchat.timeZone": "Time zone",
  "webchat.verified": "Signed-in user {id}",
};
