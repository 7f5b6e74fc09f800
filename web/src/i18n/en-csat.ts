// English texts of an inbox's satisfaction survey settings (Settings › Inboxes › CSAT) and of
// the survey's marks in the thread.
export const csatTexts = {
  "csat.menu": "CSAT",
  "csat.title": "Satisfaction survey: {name}",
  "csat.intro": "After each resolution the customer is asked to rate the conversation, once: not again when it is resolved again within 24 hours, nor once rated. The rating shows in the thread and on the conversation.",
  "csat.enabled": "Ask the customer to rate the conversation once resolved",
  "csat.how.webchat": "Web chat: the widget shows its rating form under the resolved conversation.",
  "csat.how.whatsapp": "WhatsApp: reply buttons (up to 3 answers) or a list (1 to 5); through Twilio, a text question. Not sent once the 24-hour window has closed.",
  "csat.how.email": "Email: a mail with a link per rating to a page where the customer confirms, and may comment.",
  "csat.how.text": "A text question: the customer's next message, within 24 hours, is the answer when it is just a number (or 👍/👎).",
  "csat.question": "Question",
  "csat.questionHint": "Empty: “How would you rate our help with this conversation?”",
  "csat.scale": "Scale",
  "csat.scale5": "1 to 5",
  "csat.scale3": "1 to 3 (stored as 1, 3, 5)",
  "csat.thumbs": "👍 / 👎 (stored as 5 and 1)",
  "csat.thankYou": "Thank-you message",
  "csat.thankYouHint": "Sent after an answer by message; shown on the email rating page. Empty: none.",
  "csat.askComment": "Offer a comment (web chat and the email rating page)",
  "csat.answer": "Survey answer: {rating}/5",
};
