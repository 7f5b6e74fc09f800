// The notifications' shapes, as the API sends them (notification.go at the repository's root).

export type Trigger = "assigned" | "message" | "mention" | "unassigned" | "sla_warning" | "sla_breached" | "handoff" | "failed" | "reopened";

/** Every trigger, in the order the settings show them. */
export const triggers: Trigger[] = ["assigned", "message", "mention", "unassigned", "sla_warning", "sla_breached", "handoff", "failed", "reopened"];

export type SoundName = "chime" | "ping" | "bell" | "pop";
export const soundNames: SoundName[] = ["chime", "ping", "bell", "pop"];

export interface Notification {
  id: number;
  agent_id: number;
  trigger: Trigger;
  event_id: number;
  inbox_id: number | null;
  conversation_id: number | null;
  message_id: number | null;
  actor_id: number | null;
  title: string;
  body: string;
  in_app: boolean;
  sound?: string;
  read_at: string | null;
  created_at: string;
}

export interface NotificationPage {
  items: Notification[];
  next_cursor: string;
  unread: number;
}

export interface Choice {
  app: boolean;
  push: boolean;
  email: boolean;
  sound: boolean;
}

export interface NotificationSettings {
  triggers: Record<Trigger, Choice>;
  sound: SoundName;
  volume: number;
  quiet_hours: { from: string; to: string } | null;
  push_while_active: boolean;
}

export interface PushSubscriptionInfo {
  id: number;
  endpoint: string;
  user_agent: string;
  created_at: string;
  last_push_at: string | null;
}

export interface MailSettings {
  enabled: boolean;
  host: string;
  port: number;
  security: "tls" | "starttls" | "none";
  username: string;
  password?: string;
  has_password: boolean;
  from_address: string;
  from_name: string;
  delay_minutes: number;
}
