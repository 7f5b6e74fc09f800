// English, the source of every UI text. Placeholders in braces are filled by t(key, vars). The
// texts of the admin settings pages live in en-settings.ts.
import { settings } from "./en-settings";
import { channelTexts } from "./en-channels";
import { threadTexts } from "./en-thread";
import { firstTexts } from "./en-first";
import { newconvTexts } from "./en-newconv";
import { statusTexts } from "./en-status";
import { wordsTexts, type problemTexts } from "./en-problems";
import { formatTexts } from "./en-format";
import { messengerTexts } from "./en-messenger";
import { instagramTexts } from "./en-instagram";
import { commentsTexts } from "./en-comments";
import { contactsBookTexts } from "./en-contacts-book";
import { crmTexts } from "./en-crm";
import { metaOAuthTexts } from "./en-metaoauth";
import { dmTexts } from "./en-dm";
import { webchatTexts } from "./en-webchat";
import { wcflowsTexts } from "./en-wcflows";
import { wcsettingsTexts } from "./en-wcsettings";
import { hoursTexts } from "./en-hours";
import { assignTexts } from "./en-assign";
import { csatTexts } from "./en-csat";
import { slaTexts } from "./en-sla";
import { attrsTexts } from "./en-attrs";
import { mergeTexts } from "./en-merge";
import { notesTexts } from "./en-notes";
import { reviewTexts } from "./en-review";
import { blockTexts } from "./en-block";
import { teamAssignTexts } from "./en-teamassign";
import { hoursTplTexts } from "./en-hourstpl";
import { automationTexts } from "./en-automation";
import type { rulesTexts } from "./en-rules";
import { botsTexts } from "./en-bots";
import { assistantTexts } from "./en-assistant";
import type { assistantSettingsTexts } from "./en-assistant-settings";
import { copilotTexts } from "./en-copilot";
import type { reportsTexts } from "./en-reports";
import { notificationsTexts } from "./en-notifications";
import type { notificationSettingsTexts } from "./en-notifications-settings";

const core = {
  "action.add": "Add",
  "action.back": "Back",
  "action.cancel": "Cancel",
  "action.close": "Close",
  "action.delete": "Delete",
  "action.edit": "Edit",
  "action.removeLabel": "Remove label {name}",
  "action.retry": "Retry",
  "action.save": "Save",
  "action.signOut": "Sign out",

  "activity.assigned": "{who} assigned the conversation to {agent}",

  "activity.took": "{who} took the conversation",
  "activity.deleted": "{who} deleted a message",
  "activity.identityAdded": "{who} added the address {address} to the contact",
  "activity.identityRemoved": "{who} removed the address {address} from the contact",
  "activity.labelsAdded": "{who} added {labels}",
  "activity.labelsRemoved": "{who} removed {labels}",
  "activity.snoozed": "{who} snoozed the conversation until {until}",
  "activity.status": "{who} marked the conversation {status}",
  "activity.unassigned": "{who} unassigned the conversation",

  "boot.offline": "Switchboard cannot be reached. Check that the server is running.",

  "channel.whatsapp": "WhatsApp",
  "channel.messenger": "Messenger",
  "channel.instagram": "Instagram",
  "channel.rcs": "RCS",
  "channel.sms": "SMS",
  "channel.email": "Email",
  "channel.webchat": "Website chat",
  "channel.telegram": "Telegram",
  "channel.api": "API",

  "composer.addNote": "Add note",
  "composer.attach": "Attach files",
  "composer.badType": "{name}: this channel cannot send this kind of file.",
  "composer.files": "Files to send",
  "composer.noFiles": "This channel cannot send files.",
  "composer.removeFile": "Remove {name}",
  "composer.tooBig": "{name} is larger than {mb} MB, the most this channel sends.",
  "composer.tooMany": "This channel sends at most {n} files in a message.",
  "composer.uploading": "Uploading…",
  "composer.canned": "Canned responses",
  "composer.emoji": "Insert emoji",
  "composer.hint": "Enter to send · Shift+Enter for a new line · / for canned responses",
  "composer.later": "Send later",
  "composer.laterTitle": "Send this reply later",
  "composer.mention": "Mention a colleague",
  "composer.mode": "Reply or note",
  "composer.note": "Note",
  "composer.notePlaceholder": "Write a private note for your team; @ mentions a colleague",
  "composer.placeholder": "Write a reply",
  "composer.reply": "Reply",
  "composer.replyingTo": "Replying to {name}",
  "composer.schedule": "Schedule",
  "composer.send": "Send",
  "composer.sendAt": "Send at",

  "contact.addAttribute": "Add a field",
  "contact.attributeName": "Field",
  "contact.attributes": "Custom fields",
  "contact.attributeValue": "Value",
  "contact.conversations": "Conversations",
  "contact.removeAttribute": "Remove {name}",
  "contact.files": "Shared files",
  "contact.firstSeen": "First seen",
  "contact.identities": "Channels",
  "contact.title": "Contact",
  "contact.unknown": "Unknown",

  "conv.agents": "Agents",
  "conv.assignToMe": "Assign to me",
  "conv.flag": "Flag",
  "conv.flagged": "Flagged",
  "conv.labels": "Labels",
  "conv.markRead": "Mark read",
  "conv.markUnread": "Mark unread",
  "conv.more": "More",
  "conv.print": "Print transcript",
  "conv.priority": "Priority",
  "conv.reopen": "Reopen",
  "conv.resolve": "Resolve",
  "conv.snooze": "Snooze",
  "conv.snoozedUntil": "until {time}",
  "conv.teams": "Teams",
  "conv.unassign": "Unassign",
  "conv.unassigned": "Unassigned",
  "conv.unread": "Unread",

  "error.unexpected": "Something went wrong. Please try again.",

  "field.avatarUrl": "Avatar URL",
  "field.email": "Email",
  "field.language": "Language",
  "field.name": "Name",
  "field.password": "Password",
  "field.phone": "Phone",
  "field.timeZone": "Time zone",

  "filter.agent": "An agent",
  "filter.any": "Any",
  "filter.assignee": "Assignee",
  "filter.channel": "Channel",
  "filter.clear": "Clear filters",
  "filter.customer": "The customer",
  "filter.flagged": "Flagged",
  "filter.inbox": "Inbox",
  "filter.label": "Label",
  "filter.lastReplier": "Last message by",
  "filter.more": "Filters",
  "filter.no": "No",
  "filter.since": "From",
  "filter.sort": "Sort",
  "filter.status": "Status",
  "filter.team": "Team",
  "filter.unread": "Unread",
  "filter.until": "To",
  "filter.yes": "Yes",

  "inbox.pick": "Pick a conversation to read it.",
  "inbox.shortcutsHint": "Press ? for keyboard shortcuts.",

  "label.new": "New label",

  "list.empty": "No conversations here.",
  "list.loading": "Loading…",
  "list.markAllRead": "Mark all read",
  "list.title": "Conversations",
  "list.views": "Views",

  "login.submit": "Sign in",
  "login.title": "Sign in to Switchboard",

  "message.deleted": "This message was deleted.",
  "message.document": "Document",
  "message.failed": "Not delivered",
  "message.in": "Message from {name}",
  "message.location": "Location",
  "message.note": "Note by {name}",
  "message.noteBy": "Note · {name}",
  "message.out": "Reply by {name}",
  "message.replyTo": "Reply to this message",

  "nav.inbox": "Inbox",
  "nav.main": "Main",
  "nav.reports": "Reports",
  "nav.settings": "Settings",


  "presence.away": "Away",
  "presence.offline": "Offline",
  "presence.online": "Online",

  "priority.high": "High",
  "priority.low": "Low",
  "priority.medium": "Medium",
  "priority.none": "No priority",
  "priority.urgent": "Urgent",

  "profile.browserLanguage": "The browser's language",
  "profile.changePassword": "Change password",
  "profile.currentPassword": "Current password",
  "profile.newPassword": "New password",
  "profile.password": "Password",
  "profile.passwordChanged": "Password changed. Your other sessions and API tokens have ended.",
  "profile.presence": "Presence",
  "profile.presenceHint": "Online follows your open Switchboard windows: away a couple of minutes after the last one closes.",
  "profile.saved": "Saved.",
  "profile.theme": "Appearance",

  "scheduled.at": "Sends {time}",
  "scheduled.title": "Scheduled replies",

  "search.contacts": "Contacts",
  "search.label": "Search contacts and messages",
  "search.messages": "Messages",
  "search.none": "Nothing matches “{q}”.",
  "search.placeholder": "Search",
  "search.searching": "Searching…",

  "settings.profile": "Your profile",

  "setup.intro": "Create the first admin account. You can invite your team afterwards.",
  "setup.passwordHint": "At least 10 characters; not a common password, a sequence, a name or an email address.",
  "setup.submit": "Create admin and sign in",
  "setup.title": "Welcome to Switchboard",

  "shortcut.assign": "Assign",
  "shortcut.help": "Show this help",
  "shortcut.newline": "New line in the composer",
  "shortcut.next": "Next conversation",
  "shortcut.note": "Write a note",
  "shortcut.prev": "Previous conversation",
  "shortcut.reply": "Reply",
  "shortcut.resolve": "Resolve or reopen",
  "shortcut.search": "Search",
  "shortcut.send": "Send",
  "shortcut.snooze": "Snooze",
  "shortcut.title": "Keyboard shortcuts",

  "snooze.1h": "1 hour",
  "snooze.2h": "2 hours",
  "snooze.4h": "4 hours",
  "snooze.custom": "Pick a time…",
  "snooze.customTitle": "Snooze until",
  "snooze.next_monday": "Next Monday, 9:00",
  "snooze.tomorrow": "Tomorrow, 9:00",
  "snooze.until": "Until",

  "sort.newest": "Newest",
  "sort.waiting": "Waiting longest",

  "status.all": "All statuses",
  "status.open": "Open",
  "status.pending": "Pending",
  "status.resolved": "Resolved",
  "status.snoozed": "Snoozed",

  "stream.reconnecting": "Reconnecting… changes will appear as soon as the connection is back.",

  "theme.dark": "Dark",
  "theme.light": "Light",
  "theme.system": "Like the system",

  "thread.older": "Load older messages",
  "thread.title": "Conversation",

  "tick.accepted": "Accepted",
  "tick.delivered": "Delivered",
  "tick.failed": "Failed",
  "tick.pending": "Sending",
  "tick.read": "Read",
  "tick.sent": "Sent",

  "view.all": "All",
  "view.mentions": "Mentions",
  "view.mine": "Mine",
  "view.unassigned": "Unassigned",
} as const;

export const en = { ...core, ...settings, ...channelTexts, ...threadTexts, ...newconvTexts, ...firstTexts, ...statusTexts, ...wordsTexts, ...formatTexts, ...messengerTexts, ...instagramTexts, ...commentsTexts, ...metaOAuthTexts, ...dmTexts, ...webchatTexts, ...wcflowsTexts, ...wcsettingsTexts, ...hoursTexts, ...assignTexts, ...automationTexts, ...csatTexts, ...botsTexts, ...slaTexts, ...teamAssignTexts, ...hoursTplTexts, ...mergeTexts, ...contactsBookTexts, ...notesTexts, ...attrsTexts, ...crmTexts, ...reviewTexts, ...blockTexts, ...assistantTexts, ...copilotTexts, ...notificationsTexts };

// The texts of Settings › Rules, Settings › AI assistant, Settings › Notifications and Reports come with their chunks (see
// addEnglish); the other languages' dictionaries, chunks of their own, hold them.
export type Key = keyof typeof en | keyof typeof problemTexts | keyof typeof rulesTexts | keyof typeof assistantSettingsTexts | keyof typeof reportsTexts | keyof typeof notificationSettingsTexts;
