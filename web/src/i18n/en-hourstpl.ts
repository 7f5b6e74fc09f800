// English texts of the templates automatic replies become once the customer's window has closed
// (Settings › Inboxes › Hours & auto-replies), and of the milestone of a reply not sent.
export const hoursTplTexts = {
  "hoursTpl.label": "Template once the customer's window has closed",
  "hoursTpl.hint":
    "On this channel, a reply that goes out after the customer's 24-hour window has closed (a backlog, a late retry) is sent as the template chosen under it: approved templates without parameters. None: the reply is not sent, and the conversation says why.",
  "hoursTpl.none": "None: do not send",
  "hoursTpl.notSent": "{who} did not send: {reply}. The customer's window had closed, and no usable template is chosen for it",
};
