// The conversation list's data: the filters in the URL, pages loaded on cursors, and live
// updates merged in from the event stream.
import { signal } from "@preact/signals";
import { get, query } from "../api";
import { onEvent } from "../stream";
import type { Contact, Conversation, Page } from "../types";

/** The list filters, all kept in the URL's query. */
export const filterKeys = [
  "view",
  "status",
  "inbox_id",
  "channel",
  "label",
  "assignee_id",
  "team_id",
  "since",
  "until",
  "last_replier",
  "flagged",
  "unread",
  "sentiment",
  "urgency",
  "language",
  "sort",
] as const;
export type Filters = Partial<Record<(typeof filterKeys)[number], string>>;

export function filtersFrom(q: URLSearchParams): Filters {
  const f: Filters = {};
  for (const k of filterKeys) {
    const v = q.get(k);
    if (v) f[k] = v;
  }
  if (!f.view) f.view = "mine";
  if (!f.status) f.status = "open";
  return f;
}

export const rows = signal<Conversation[]>([]);
export const cursor = signal("");
export const loading = signal(false);
export const loadError = signal("");

const pageSize = 50;
let current = "";
let generation = 0;

function toQuery(f: Filters, after = ""): string {
  const p: Record<string, string> = { limit: String(pageSize) };
  for (const [k, v] of Object.entries(f)) {
    if (!v || (k === "status" && v === "all")) continue;
    if ((k === "since" || k === "until") && v.length === 10) {
      // A date picked in the agent's browser: from its start, or up to its end.
      const d = new Date(v + "T00:00:00");
      if (k === "until") d.setDate(d.getDate() + 1);
      p[k] = d.toISOString();
    } else p[k] = v;
  }
  if (after) p.cursor = after;
  return query(p);
}

/** Loads the first page for filters, unless it is already shown. */
export async function load(f: Filters, force = false) {
  const key = toQuery(f);
  if (key === current && !force) return;
  current = key;
  const gen = ++generation;
  loading.value = true;
  loadError.value = "";
  try {
    const page = await get<Page<Conversation>>("/conversations" + key);
    if (gen !== generation) return;
    rows.value = page.items.filter(unblocked);
    cursor.value = page.next_cursor;
  } catch (e) {
    if (gen === generation) loadError.value = (e as Error).message;
  } finally {
    if (gen === generation) loading.value = false;
  }
}

/** Loads the next page, for infinite scroll. */
export async function more(f: Filters) {
  if (!cursor.value || loading.value) return;
  const gen = generation;
  loading.value = true;
  try {
    const page = await get<Page<Conversation>>("/conversations" + toQuery(f, cursor.value));
    if (gen !== generation) return;
    const seen = new Set(rows.value.map((c) => c.id));
    rows.value = [...rows.value, ...page.items.filter((c) => !seen.has(c.id) && unblocked(c))];
    cursor.value = page.next_cursor;
  } finally {
    loading.value = false;
  }
}

/** Changes one row in place (after an action of this agent), without a reload. */
export function patchRow(c: Conversation) {
  rows.value = rows.value.map((r) => (r.id === c.id ? c : r));
}

// Live updates: the first page is fetched again (a short while after a burst of events) and
// merged with what is loaded, so new and moved conversations appear at their place, and rows
// further down that changed are fetched one by one.
let pendingIds = new Set<number>();
let timer: ReturnType<typeof setTimeout> | undefined;
let lastFilters: Filters = {};

export function watch(f: Filters) {
  lastFilters = f;
}

// The contacts blocked while this page is open: a fetch that started before the block may answer
// after it, with their conversations, which must not come back (see unblocked).
const blockedContacts = new Set<number>();
const unblocked = (c: Conversation) => !blockedContacts.has(c.contact_id);

onEvent((e) => {
  if (e.type === "contact.updated" && typeof e.data?.blocked === "boolean") {
    // A blocked contact's conversations leave the lists (and come back when unblocked).
    if (e.data.blocked) {
      blockedContacts.add(e.data.id);
      rows.value = rows.value.filter(unblocked);
    } else blockedContacts.delete(e.data.id);
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
    return;
  }
  if (!e.conversation_id || !e.type.startsWith("conversation.") && !e.type.startsWith("message.")) return;
  pendingIds.add(e.conversation_id);
  clearTimeout(timer);
  timer = setTimeout(refresh, 120);
});

// A contact named or changed (contact.updated, sent to those who see the contact): every loaded
// row of theirs shows the new name and picture at once, without a reload. An event that does not
// carry the contact (a web visitor identified) has the rows fetched again instead.
onEvent((e) => {
  const c = e.type === "contact.updated" ? (e.data as Partial<Contact> | null) : null;
  if (!c || typeof c.id !== "number" || !rows.value.some((r) => r.contact_id === c.id)) return;
  if (typeof c.name !== "string") {
    for (const r of rows.value) if (r.contact_id === c.id) pendingIds.add(r.id);
    clearTimeout(timer);
    timer = setTimeout(refresh, 120);
    return;
  }
  const name = c.name;
  const avatar = c.avatar_url ?? "";
  rows.value = rows.value.map((r) => (r.contact_id === c.id ? { ...r, contact_name: name, contact_avatar_url: avatar } : r));
});

async function refresh() {
  const ids = pendingIds;
  pendingIds = new Set();
  const gen = generation;
  let first: Page<Conversation>;
  try {
    first = await get<Page<Conversation>>("/conversations" + toQuery(lastFilters));
  } catch {
    return;
  }
  if (gen !== generation) return;
  const top = new Set(first.items.map((c) => c.id));
  // Rows beyond the first page keep their place; those that changed are fetched again and
  // dropped when they no longer match the filters (resolved while the list shows open ones).
  const rest = rows.value.filter((c) => !top.has(c.id));
  rows.value = [...first.items, ...rest].filter(unblocked);
  if (!first.next_cursor && !rest.length) cursor.value = "";
  for (const c of rest) {
    if (!ids.has(c.id)) continue;
    get<Conversation>(`/conversations/${c.id}`)
      .then((fresh) => {
        if (gen !== generation) return;
        rows.value = matches(fresh, lastFilters) && unblocked(fresh)
          ? rows.value.map((r) => (r.id === fresh.id ? fresh : r))
          : rows.value.filter((r) => r.id !== fresh.id);
      })
      .catch(() => {
        rows.value = rows.value.filter((r) => r.id !== c.id);
      });
  }
}

/** Whether a conversation still belongs in a list with filters f (the fields that change). */
export function matches(c: Conversation, f: Filters, meId = myId()): boolean {
  if (f.status && f.status !== "all" && !f.status.split(",").includes(c.status)) return false;
  if (f.view === "mine" && c.assignee_id !== meId) return false;
  if (f.view === "unassigned" && c.assignee_id !== null) return false;
  if (f.assignee_id && c.assignee_id !== Number(f.assignee_id)) return false;
  if (f.team_id && c.team_id !== Number(f.team_id)) return false;
  if (f.label && !c.labels.some((l) => l.toLowerCase() === f.label!.toLowerCase())) return false;
  if (f.flagged && String(c.flagged) !== f.flagged) return false;
  if (f.unread && String(c.unread) !== f.unread) return false;
  // The assistant's reading changes as each customer turn is analysed.
  if (f.sentiment && c.sentiment !== f.sentiment) return false;
  if (f.urgency && c.urgency !== f.urgency) return false;
  if (f.language && c.language !== f.language) return false;
  return true;
}

let myId = () => 0;
/** Tells the list who "mine" is. */
export function setMe(id: number) {
  myId = () => id;
}
