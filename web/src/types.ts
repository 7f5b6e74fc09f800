// The JSON shapes of the Switchboard API (see /api/openapi.json). Times are RFC 3339 strings.

export type Role = "admin" | "supervisor" | "agent";
export type Presence = "online" | "away" | "offline";
export type ChannelKind =
  | "whatsapp"
  | "messenger"
  | "instagram"
  | "rcs"
  | "sms"
  | "email"
  | "webchat"
  | "telegram"
  | "api";
export type ConversationStatus = "open" | "pending" | "snoozed" | "resolved";
export type Priority = "none" | "low" | "medium" | "high" | "urgent";
export type MessageStatus = "" | "pending" | "accepted" | "sent" | "delivered" | "read" | "failed";

export interface Agent {
  id: number;
  name: string;
  email: string;
  role: Role;
  time_zone: string;
  language: string;
  avatar_url: string;
  presence: Presence;
  presence_choice: Presence | "";
  signature: string;
  created_at: string;
  updated_at: string;
}

export interface Team {
  id: number;
  name: string;
  description: string;
  agent_ids: number[];
}

export interface Inbox {
  id: number;
  kind: ChannelKind;
  name: string;
  settings: Record<string, unknown>;
  secret_names: string[];
  has_token: boolean;
}

export interface Label {
  id: number;
  name: string;
  color: string;
  description: string;
}

export interface Identity {
  id: number;
  contact_id: number;
  kind: string;
  external_id: string;
  /** When the customer opted out from this address of channels with opt-out words (SMS STOP). */
  opted_out_at: string | null;
}

export interface Contact {
  id: number;
  name: string;
  email: string;
  phone: string;
  avatar_url: string;
  language: string;
  attributes: Record<string, unknown> | null;
  identities: Identity[];
  labels: string[];
  last_seen_at?: string | null;
  created_at: string;
  updated_at: string;
}

export interface Conversation {
  id: number;
  inbox_id: number;
  channel: ChannelKind;
  contact_id: number;
  contact_name: string;
  contact_handle: string;
  /** The contact's picture, "" when none. */
  contact_avatar_url?: string;
  status: ConversationStatus;
  assignee_id: number | null;
  team_id: number | null;
  priority: Priority;
  flagged: boolean;
  labels: string[];
  subject: string;
  snoozed_until: string | null;
  last_activity_at: string;
  last_message_at: string | null;
  waiting_since: string | null;
  last_replier: "" | "customer" | "agent";
  last_message_preview: string;
  unread: boolean;
  /** When the agent asking last read it; null when never. */
  read_at: string | null;
  /** When free text stops being allowed, on channels with a customer-service window. */
  window_closes_at: string | null;
  window_extended_until?: string;
  /** When the customer opted out of this channel (SMS STOP): nothing can be sent until START. */
  opted_out_at: string | null;
  /** Whether the conversation's latest outgoing message failed to be delivered. */
  last_outbound_failed: boolean;
  created_at: string;
  /** "comment": a contact's comments under one post and the answers; "messages" otherwise. */
  kind?: "messages" | "comment";
  /** The post a comment conversation is under: only when one conversation is read. */
  post?: Post | null;
  /** The comment conversation and the direct one its private reply continued in name each other. */
  linked_conversation_id?: number | null;
  /** The customer's rating after the conversation was resolved (web chat); null when none. */
  csat?: { rating: number; comment: string; at: string } | null;
}

/** What a comment conversation is under: an Instagram post, reel, ad, story or live, or a Facebook Page's post. */
export interface Post {
  id: string;
  kind: "FEED" | "REELS" | "STORY" | "AD" | "LIVE" | "POST" | string;
  caption: string;
  /** The post's public address, "" until known. */
  permalink: string;
  ad_title: string;
  /** Where Switchboard serves the post's picture, "" when it has none. */
  thumbnail_url: string;
  posted_at: string | null;
}

/** A comment's own fields (in a comment conversation). */
export interface CommentFields {
  /** An agent's answer sent as a direct message. */
  private?: boolean;
  hidden?: boolean;
  removed?: boolean;
  /** On a customer's comment: the agent's message that answered it privately (one per comment). */
  private_reply_id?: number;
  /** On a customer's comment: until when it may be answered privately (7 days after it was written). */
  private_reply_until?: string;
}

export interface Page<T> {
  items: T[];
  next_cursor: string;
}

export interface Attachment {
  id: number;
  kind: string;
  content_type: string;
  filename: string;
  size: number;
  url: string;
  /** Still being fetched from the provider. */
  pending?: boolean;
  fetch_error?: string;
}

export interface Reaction {
  side: "contact" | "business";
  sender_id: number | null;
  sender_name: string;
  emoji: string;
}

export interface TemplateSend {
  name: string;
  language: string;
  params: string[];
}

export interface EmailFields {
  subject: string;
  from: string;
  to: string[];
  cc?: string[];
  bcc?: string[];
  /** Where the quoted history starts in the text, in characters (code points), not UTF-16 units: see splitAt. */
  quoted_at: number;
  kind?: string;
}

export interface MessageContent {
  email?: EmailFields;
  automatic?: boolean;
  /** The kind of automatic reply the message is (welcome, out_of_hours, acknowledge): sent by "Auto-reply". */
  auto_reply?: "welcome" | "out_of_hours" | "acknowledge";
  template?: TemplateSend;
  choice?: string;
  unsupported?: string;
  forwarded?: boolean;
  /** What of a received message could not be read (English); its source is an attachment of kind "source". */
  unreadable?: string;
  /** An audio message the customer recorded as a voice note. */
  voice?: boolean;
  /** Contact cards the customer shared (a WhatsApp contact, a vCard). */
  contacts?: ContactCard[];
  /** Earlier texts of a message the customer edited, oldest first. */
  edits?: string[];
  /** Instagram: the message answers the business's story or mentions it in the customer's. */
  story?: "reply" | "mention";
  /** Instagram: what the customer shared by its link. */
  shared?: "post" | "reel";
  /** The customer unsent the message (Instagram): its text and files are gone. */
  unsent?: boolean;
  /** In a comment conversation: the comment's own fields. */
  comment?: CommentFields;
  /** Answers a reply offered the customer as buttons (web chat). */
  quick_replies?: string[];
  /** Choices an automatic survey offered to tap (WhatsApp buttons or list). */
  choices?: { button: string; items: { id: string; title: string }[] };
  /** The customer's message was their answer to a survey: the rating it recorded (1–5). */
  csat_rating?: number;
}

export interface CardField {
  value: string;
  type?: string;
  wa_id?: string;
}

export interface CardAddress {
  street?: string;
  city?: string;
  state?: string;
  zip?: string;
  country?: string;
  country_code?: string;
  type?: string;
}

/** A person's details a customer shared, and the addresses "add as contact" creates them with. */
export interface ContactCard {
  name: string;
  phones?: CardField[];
  emails?: CardField[];
  organization?: string;
  department?: string;
  title?: string;
  addresses?: CardAddress[];
  urls?: CardField[];
  birthday?: string;
  identities: { kind: string; external_id: string }[];
}

export interface Template {
  id: number;
  inbox_id: number;
  name: string;
  language: string;
  category: string;
  status: string;
  body: string;
  params: number;
  synced_at: string;
}

export interface InboxHealth {
  inbox_id: number;
  last_webhook_at: string | null;
  last_send_at: string | null;
  last_error: string;
  last_error_at: string | null;
  credentials_ok: boolean | null;
  templates_synced_at: string | null;
  webhook_url: string;
  verify_token?: string;
  /** Settings that work but put something at risk, such as a mail password sent unencrypted. */
  warnings: string[];
  /** The sign-in the inbox connects with ("facebook", "instagram", "google", "microsoft"; "" for none). */
  oauth_provider: string;
  /** When the token Switchboard obtained expires, and when it renews it; null when unknown or never. */
  token_expires_at: string | null;
  token_refresh_at: string | null;
  /** What the last credentials check found missing; absent until a check could tell. */
  missing_permissions?: string[];
  unsubscribed_fields?: string[];
}

/** An automatic actor a milestone credits. */
export interface AutomationActor {
  kind: "rule" | "assignment" | "auto_reply" | "sla" | "bot" | "csat";
  id?: number;
  name: string;
}

export interface Activity {
  action: string;
  agent_id?: number;
  team_id?: number;
  status?: ConversationStatus;
  until?: string;
  labels?: string[];
  target_id?: number;
  note?: string;
  source?: string;
  /** A customer's rating, 1 to 5 (csat). */
  rating?: number;
  /** What acted, when no person did: a rule, the automatic assignment, an SLA policy, the bot. */
  automation?: AutomationActor;
  /** The address added to the contact or removed (identity_added, identity_removed), or that
   *  opted out or back in (opted_out, opted_in). */
  identity?: Identity;
}

export interface Message {
  id: number;
  conversation_id: number;
  inbox_id: number;
  direction: "incoming" | "outgoing" | "internal";
  kind: "text" | "media" | "template" | "note" | "activity";
  sender_type: "contact" | "agent" | "bot" | "external" | "system";
  sender_id: number | null;
  sender_name: string;
  text: string;
  html: string;
  attachments: Attachment[];
  reply_to_id: number | null;
  provider_id: string;
  status: MessageStatus;
  error_code: string;
  error_reason: string;
  mentions: number[];
  activity?: Activity;
  content?: MessageContent;
  reactions?: Reaction[];
  created_at: string;
  deleted_at: string | null;
  /** While a pending reply waits for another attempt: why the last failed, and when the next comes. */
  retry: { attempts: number; code: string; reason: string; next_attempt_at: string } | null;
}

export interface MessagePage {
  items: Message[];
  prev_cursor: string;
}

export interface CannedResponse {
  id: number;
  shortcut: string;
  title: string;
  content: string;
}

export interface ScheduledMessage {
  id: number;
  conversation_id: number;
  author_id: number;
  text: string;
  send_at: string;
  state: "scheduled" | "sent" | "cancelled" | "failed";
  message_id: number | null;
  error_reason: string;
}

export interface Event {
  id: number;
  type: string;
  inbox_id?: number;
  conversation_id?: number;
  agent_id?: number;
  actor_id?: number;
  data: any;
  created_at: string;
}

export interface MessageHit {
  message_id: number;
  conversation_id: number;
  inbox_id: number;
  contact_name: string;
  contact_handle: string;
  snippet: string;
  kind: string;
  created_at: string;
}

export interface SearchResults {
  contacts: { contact: Contact }[];
  messages: MessageHit[];
}

export interface Upload {
  id: number;
  kind: string;
  content_type: string;
  filename: string;
  size: number;
}

export interface MediaLimits {
  max_bytes: number;
  max_count: number;
  types: string[] | null;
  max_text: number;
}

export interface ChannelCapabilities {
  window_seconds: number;
  templates: boolean;
  reactions: boolean;
  read_receipts: boolean;
  /** The channel honours opt-out words (SMS STOP and START). */
  opt_out: boolean;
  /** How the customer sees styled text: WhatsApp's markup, Markdown, HTML (email), or "" for plain text. */
  formatting: "whatsapp" | "markdown" | "html" | "";
  /** A shared place reaches the customer as a place on a map. */
  location: boolean;
  /** Comments under posts arrive as conversations of kind "comment". */
  comments?: boolean;
  /** The customer sees that an agent is typing (Messenger, Instagram). */
  typing: boolean;
  /** The only reactions the channel sends (Instagram: ❤️); empty, any emoji. */
  reaction_emojis: string[];
}

export interface ChannelInfo {
  kind: ChannelKind;
  can_send: boolean;
  media: MediaLimits;
  capabilities: ChannelCapabilities;
  providers: string[];
}

export interface ContactFile extends Attachment {
  message_id: number;
  conversation_id: number;
  direction: "incoming" | "outgoing" | "internal";
  created_at: string;
}

export interface Webhook {
  id: number;
  url: string;
  description: string;
  events: string[];
  enabled: boolean;
  failure_streak: number;
  disabled_at: string | null;
  disabled_reason: string;
  secret_prefix: string;
  created_at: string;
  updated_at: string;
}

export interface WebhookDelivery {
  id: number;
  webhook_id: number;
  event_id: number | null;
  event_type: string;
  delivery_id: string;
  attempts: number;
  state: "pending" | "succeeded" | "failed";
  response_status: number;
  response_body: string;
  error: string;
  duration_ms: number;
  next_attempt_at: string | null;
  created_at: string;
  updated_at: string;
}

export interface APIToken {
  id: number;
  agent_id: number;
  name: string;
  prefix: string;
  created_at: string;
  last_used_at: string | null;
}

export interface InboxMembers {
  agent_ids: number[];
  team_ids: number[];
}

/** A rule's trigger: the event and, for some, the label, status or minutes it waits for. */
export interface RuleWhen {
  event: string;
  label?: string;
  status?: string;
  minutes?: number;
}

/** One test of a rule's conditions: a field, an operator and the values it compares with. */
export interface RuleCondition {
  field: string;
  op: string;
  values: string[];
}

/** Conditions matched all or any; groups nest one level deep. */
export interface RuleGroup {
  match: "all" | "any";
  conditions: RuleCondition[];
  groups?: RuleGroup[];
}

/** One action of a rule: its type and the fields that type takes. */
export interface RuleAction {
  type: string;
  agent_id?: number;
  team_id?: number;
  labels?: string[];
  priority?: string;
  minutes?: number;
  canned_id?: number;
  template?: string;
  language?: string;
  text?: string;
  agent_ids?: number[];
  webhook_id?: number;
  sla_policy_id?: number;
}

/** An automation rule: when an event happens, if its conditions hold, then its actions run. */
export interface Rule {
  id: number;
  name: string;
  enabled: boolean;
  position: number;
  stop_processing: boolean;
  when: RuleWhen;
  if: RuleGroup | null;
  then: RuleAction[];
  created_at: string;
  updated_at: string;
  last_run_at: string | null;
  runs: number;
}

/** One execution of a rule on a conversation, with what each action did. */
export interface RuleRun {
  id: number;
  conversation_id: number;
  trigger_event_id: number;
  outcome: "applied" | "skipped" | "loop_stopped" | "failed";
  actions: { type: string; outcome: "done" | "skipped" | "failed"; detail: string }[] | null;
  created_at: string;
}

/** What a dry run found: the recent events the rule would have matched, of how many examined. */
export interface RuleDryRun {
  items: { conversation_id: number; contact_name: string; subject: string; event_id: number; event: string; at: string }[];
  examined: number;
}

/** An inbox's satisfaction survey settings (GET/PUT /inboxes/{id}/csat). */
export interface CSATSettings {
  inbox_id: number;
  enabled: boolean;
  /** 1-5, 1-3 (stored 1, 3, 5) or thumbs (stored 1 and 5). */
  scale: "1-5" | "1-3" | "thumbs";
  question: string;
  thank_you: string;
  ask_comment: boolean;
}

// Bots (issue 23): an inbox's external bot, and its state in a conversation (null when the
// conversation's inbox has no bot turned on).
export type BotState = "active" | "paused" | "handed_off";
export interface Conversation {
  bot?: { state: BotState } | null;
}
export interface InboxBot {
  inbox_id: number;
  enabled: boolean;
  url: string;
  name: string;
  secret_prefix: string;
  updated_at: string;
}

export type SLATarget = "first_response" | "next_response" | "resolution";

/** An SLA policy: targets in minutes (0: none). */
export interface SLAPolicy {
  id: number;
  name: string;
  first_response_minutes: number;
  next_response_minutes: number;
  resolution_minutes: number;
  business_hours: boolean;
  warn_minutes: number;
  created_at: string;
  updated_at: string;
}

/** One target of a conversation's SLA: breached once its due time passed unmet. */
export interface SLATargetState {
  target: SLATarget;
  started_at: string;
  due_at: string;
  warning_at: string | null;
  met_at: string | null;
  breached: boolean;
}

export interface ConversationSLA {
  policy_id: number;
  policy_name: string;
  targets: SLATargetState[];
}

export interface Conversation {
  /** The SLA policy the conversation runs under and its timers; null when none. */
  sla?: ConversationSLA | null;
}

/** A team's automatic assignment settings (GET/PUT /api/v1/teams/{id}/assignment). */
export interface TeamAssignment {
  team_id: number;
  strategy: "" | "round_robin" | "balanced";
  capacity: number;
  agent_capacity: Record<string, number>;
}

/** A likely duplicate of a contact (GET /contacts/{id}/suggestions). */
export interface MergeSuggestion {
  contact_id: number;
  /** The contact of contact_id, in the review queue only. */
  contact?: Contact;
  other: Contact;
  reason: "same_phone" | "same_email" | "visitor_email" | "name_and_handle";
  confidence: number;
  detail: string;
}

/** What a merge would make (GET /contacts/{id}/merge-preview). */
export interface MergePreview {
  survivor_id: number;
  other_id: number;
  result: Contact;
  from_other: string[];
  identities: Contact["identities"];
  conversations: number[];
}

/** One merge of a contact, undone or not (GET /contacts/{id}/merges). */
export interface ContactMerge {
  id: number;
  survivor_id: number;
  other_id: number;
  other_name: string;
  actor_id: number | null;
  actor_name: string;
  merged_at: string;
  undone_at: string | null;
}

/** An uploaded CSV of contacts: preview, then progress and counts (GET /contact-imports/{id}). */
export interface ContactImport {
  id: number;
  status: "preview" | "queued" | "running" | "done" | "failed";
  filename: string;
  columns: string[];
  preview: string[][];
  mapping: { columns: Record<string, string>; default_country: string } | null;
  total_rows: number;
  rows_done: number;
  created: number;
  updated: number;
  unchanged: number;
  refused: number;
  error: string;
}

export interface Contact {
  /** Blocked: their messages are kept but hidden and raise nothing (see docs/ui.md). */
  blocked: boolean;
}

/** An entry of the audit log (GET /api/v1/audit): a contact's erasure, by id and counts only. */
export interface AuditEntry {
  id: number;
  action: string;
  actor_id: number | null;
  actor_name: string;
  subject: string;
  subject_id: number;
  details: { conversations?: number; messages?: number; files?: number };
  created_at: string;
}

/** The assistant's reading of a customer turn, on the private note that shows it. */
export interface Analysis {
  /** ISO 639-1, "" when unknown. */
  language: string;
  sentiment: "" | "negative" | "neutral" | "positive";
  urgency: "" | "low" | "normal" | "high";
  labels: { label: string; score: number }[] | null;
  references: { kind: string; value: string; text?: string }[] | null;
  actions: { kind: "apply_label" | "set_priority"; value: string }[] | null;
  /** "offline", or "openai:MODEL". */
  provider: string;
  message_ids: number[] | null;
}

/** Marks a text an assistant made, and which provider made it. */
export interface AIOrigin {
  feature: "analysis" | "summary" | "suggestion" | "rewrite" | "translation";
  provider: string;
}

/** On a reply written in the agent's language and sent in the customer's: what the agent wrote. */
export interface SentTranslation {
  language: string;
  text: string;
  provider: string;
}

/** A message's text in another language (cached per message and language). */
export interface Translation {
  message_id: number;
  language: string;
  source: string;
  text: string;
  provider: string;
  created_at: string;
}

export interface MessageContent {
  analysis?: Analysis;
  ai?: AIOrigin;
  translation?: SentTranslation;
}

export interface Conversation {
  /** The assistant's reading of the latest analysed customer turn; "" until one was. */
  sentiment?: "" | "negative" | "neutral" | "positive";
  urgency?: "" | "low" | "normal" | "high";
  language?: string;
}

export interface Inbox {
  /** The assistant's features for this inbox: false keeps one away from it. */
  assistant?: { analysis: boolean; copilot: boolean; translation: boolean };
}

/** What the assistant offers agents (GET /api/v1/assistant/features). */
export interface AssistantFeatures {
  analysis: boolean;
  copilot: { summary: boolean; suggest: boolean; rewrite: boolean };
  translation: { enabled: boolean; languages: string[] };
  provider: string;
}

export interface Message {
  /** The language the assistant read an incoming message in; absent until it did. */
  language?: string;
}
