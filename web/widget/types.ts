// What the loader and the widget share.
export interface Config {
  inbox_id: number; name: string; color: string; position: string; launcher_text: string; greeting: string;
  language: string; show_agent_avatars: boolean; agents_online: boolean;
  media: { max_bytes: number; max_count: number; types: string[]; max_text: number };
  prechat: { fields: { key: string; label: string; type: string; required: boolean }[]; consent: string } | null;
  reply_time: string; offline: { message: string; collect_email: boolean }; csat: boolean;
}
export interface Session { token: string; visitor: { id: number; name: string; email: string; unverified_email?: string }; config: Config }
export interface WFile { id: number; filename: string; content_type: string; size: number; url: string }
export interface WMessage {
  id: number; conversation_id: number; direction: "incoming" | "outgoing"; text: string; attachments: WFile[];
  agent_name?: string; agent_avatar?: string; status?: string; quick_replies?: string[]; created_at: string;
}
export interface Ctx {
  root: ShadowRoot; host: HTMLElement; launcher: HTMLButtonElement; api: string; base: string; session: Session;
  store: { get(): string; set(t: string): void };
  emit(ev: string, data: unknown): void;
  visitorContext(): Record<string, string>;
  // Set by the widget.
  open?(): void; close?(): void; toggle?(): void; identify?(p: unknown): void; setLocale?(l: string): void;
}
