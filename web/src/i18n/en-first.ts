// English texts of the first minutes: the empty inbox's guide, the demo's banner, the line above
// the messages new to the agent, and the print sheet.
export const firstTexts = {
  "welcome.title": "Welcome to Switchboard",
  "welcome.none": "No conversations yet",
  "welcome.noInbox": "No inbox yet",
  "welcome.connectIntro": "Connect WhatsApp, SMS, email or your own app, and your customers' messages arrive here.",
  "welcome.waiting": "Conversations appear here as soon as customers write.",
  "welcome.agentNoInbox": "Ask an admin to add you to an inbox.",
  "welcome.connect": "Connect your first channel",
  "welcome.inboxes": "Check your channels",
  "welcome.demo": "Open the demo",
  "welcome.demoRun": "Run this on the server (make demo in the sources), then open the address it prints:",
  "welcome.demoWhat": "A separate workspace where simulated WhatsApp, Messenger, Instagram, SMS and website chat customers write and reply. Nothing reaches real people; this workspace is left alone.",
  "demo.banner": "Demo workspace: simulated WhatsApp, Messenger, Instagram, SMS and website chat customers write and answer your replies. Nothing reaches real people.",
  "thread.unreadMark": "New messages",
  "print.loading": "Loading… {n} messages",
  "print.ready": "{n} messages",
  "print.dates": "Dates",
  "print.printed": "Printed",
};
