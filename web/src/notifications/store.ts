// The signed-in agent's notifications, as the bell shows them: the newest page, the unread
// count and the agent's settings (for the sound's volume), loaded at sign-in and kept live by
// the stream (notification.created adds one and may play its sound, notification.read syncs
// what another window marked read, a reconnect loads them again). The server decides who is
// told what; this only shows it.
import { signal } from "@preact/signals";
import { get, post, query } from "../api";
import { me } from "../state";
import { onEvent, streamState } from "../stream";
import type { Notification, NotificationPage, NotificationSettings } from "./types";

/** The listed notifications, newest first. */
export const items = signal<Notification[]>([]);
/** How many are unread in all (the page may hold fewer). */
export const unread = signal(0);
/** The cursor of the next page; "" when the list is complete. */
export const nextCursor = signal("");
/** Whether the first page is here. */
export const loaded = signal(false);
/** The agent's settings, once read (the sound's volume, whether any sound is on). */
export const settings = signal<NotificationSettings | null>(null);

const pageSize = 20;

// The live notifications of late: one that arrives while the first page is being read may be
// newer than the page, which must not lose it.
let recent: Notification[] = [];

// Loads may overlap (sign-in, then the stream going live): an answer older than one already
// applied, or for the account signed in before, is dropped.
let asked = 0;
let applied = 0;

async function loadFirst() {
  const n = ++asked;
  const who = loadedFor;
  const p = await get<NotificationPage>("/notifications" + query({ limit: pageSize }));
  if (n < applied || who !== loadedFor) return;
  applied = n;
  const newest = p.items.reduce((m, x) => Math.max(m, x.id), 0);
  const newer = recent.filter((x) => x.id > newest);
  items.value = [...newer, ...p.items];
  unread.value = p.unread + newer.filter((x) => !x.read_at).length;
  nextCursor.value = p.next_cursor;
  loaded.value = true;
}

/** Loads the next page of older notifications. */
export async function loadMore() {
  if (!nextCursor.value) return;
  const p = await get<NotificationPage>("/notifications" + query({ limit: pageSize, cursor: nextCursor.value }));
  const have = new Set(items.value.map((n) => n.id));
  items.value = [...items.value, ...p.items.filter((n) => !have.has(n.id))];
  unread.value = p.unread;
  nextCursor.value = p.next_cursor;
}

function markLocally(ids: number[] | "all") {
  const now = new Date().toISOString();
  const set = ids === "all" ? null : new Set(ids);
  items.value = items.value.map((n) => (!n.read_at && (!set || set.has(n.id)) ? { ...n, read_at: now } : n));
}

/** Marks some notifications read, or all of them. */
export async function markRead(ids: number[] | "all") {
  if (ids !== "all") ids = ids.filter((id) => items.value.some((n) => n.id === id && !n.read_at));
  if (ids !== "all" && !ids.length) return;
  const before = unread.value;
  markLocally(ids);
  unread.value = ids === "all" ? 0 : Math.max(0, before - ids.length);
  const r = await post<{ unread: number }>("/notifications/read", ids === "all" ? { all: true } : { ids });
  unread.value = r.unread;
}

/** Reads the agent's settings again (the settings page saved them). */
export async function loadSettings() {
  settings.value = await get<NotificationSettings>("/notifications/settings");
}

/** Whether the agent chose a sound for any trigger. */
export function anySound(s: NotificationSettings | null = settings.value): boolean {
  return !!s && Object.values(s.triggers).some((c) => c.sound);
}

const sounds = () => import("./sounds");

onEvent((e) => {
  if (e.type === "notification.created") {
    const n = e.data as Notification;
    if (n.in_app) {
      const kept = { ...n, sound: undefined };
      recent = [kept, ...recent.slice(0, 49)];
      if (!items.value.some((x) => x.id === n.id)) {
        items.value = [kept, ...items.value];
        if (!n.read_at) unread.value++;
      }
    }
    if (n.sound) void sounds().then((m) => m.play(n.sound!, settings.value?.volume ?? 60));
  } else if (e.type === "notification.read") {
    const d = e.data as { ids?: number[]; all?: boolean; unread: number };
    markLocally(d.all ? "all" : (d.ids ?? []));
    unread.value = d.unread;
  }
});

// Signing in (again, or as someone else) loads that account's. The stream starts after the
// first load, and may reconnect after missing some: each time it goes live they are loaded
// again, so none created in between is missed.
let loadedFor = 0;
function refresh() {
  void loadFirst().catch(() => {});
  void loadSettings().catch(() => {});
}
streamState.subscribe((s) => {
  if (s === "live" && loadedFor) void loadFirst().catch(() => {});
});
me.subscribe((a) => {
  const id = a?.id ?? 0;
  if (id === loadedFor) return;
  loadedFor = id;
  items.value = [];
  unread.value = 0;
  nextCursor.value = "";
  loaded.value = false;
  settings.value = null;
  recent = [];
  if (id) refresh();
});
