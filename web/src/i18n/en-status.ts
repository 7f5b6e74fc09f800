// English texts of the delivery and window status shown in list rows and under replies.
export const statusTexts = {
  "row.windowLeft": "{left} left",
  "row.windowClosed": "Window closed",
  "message.retrying": "Not delivered yet: next attempt at {time}.",
};
