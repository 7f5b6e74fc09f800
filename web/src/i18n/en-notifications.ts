// English texts of the bell and its panel (in the main bundle: the bell is on every screen). The
// texts of Settings › Notifications come with its chunk: en-notifications-settings.ts.
export const notificationsTexts = {
  "notifications.title": "Notifications",
  "notifications.bellUnread": "Notifications, {count} unread",
  "notifications.markAll": "Mark all read",
  "notifications.settings": "Settings",
  "notifications.empty": "Nothing yet. Conversations assigned to you, mentions and replies will show up here.",
  "notifications.loading": "Loading…",
  "notifications.more": "Load more",
  "notifications.unread": "Unread",
  "settings.notifications": "Notifications",
  "profile.notificationsMoved": "Sounds, push, email and quiet hours are in Settings › Notifications.",
} as const;
