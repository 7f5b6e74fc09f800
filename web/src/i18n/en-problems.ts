// English texts of the server's problems, by code (problems.ts). English speakers see the
// server's own sentences, which are more particular, so these are only the source the other
// languages translate: en.ts takes their keys, not their texts, and the main bundle stays small.
export const problemTexts = {
  "problem.fields": "Some fields are invalid.",
  "problem.not_found": "Not found: it was deleted, or you cannot see it.",
  "problem.forbidden": "You are not allowed to do this.",
  "problem.conflict": "This clashes with a change made meanwhile. Reload and try again.",
  "problem.unauthorized": "Wrong email or password, or your session has ended.",
  "problem.window_closed": "The customer-service window is closed: send a template.",
  "problem.opted_out": "The customer opted out of messages on this channel.",
  "problem.rate_limited": "Too many attempts. Wait a little and try again.",
  "problem.unavailable": "Switchboard cannot be reached right now. Try again in a few seconds.",
  "problem.too_large": "This is too large.",
  "problem.internal": "Something went wrong. Please try again.",

  "fieldError.required": "Required.",
  "fieldError.length": "Enter {min} to {max} characters.",
  "fieldError.too_long": "Use at most {max} characters.",
  "fieldError.too_short": "Use at least {min} characters.",
  "fieldError.email": "Enter a valid email address.",
  "fieldError.taken": "Already in use.",
  "fieldError.future": "Choose a time in the future.",
  "fieldError.wrong_password": "This is not your current password.",
  "fieldError.password_too_long": "Too long: at most {max} bytes, fewer with accents or emoji.",
  "fieldError.password_common": "One of the most common passwords: choose another.",
  "fieldError.password_repetitive": "It repeats or follows a sequence: choose another.",
  "fieldError.password_personal": "Do not use your name or email address.",
} as const;

/** The thread pane's screen for a conversation that is gone or out of sight (Missing.tsx), and
 * where alert preferences are kept (Profile.tsx). */
export const wordsTexts = {
  "notFound.title": "Conversation not found",
  "notFound.text": "It was deleted, or you do not have access to it.",
  "notFound.back": "Back to the inbox",

} as const;
