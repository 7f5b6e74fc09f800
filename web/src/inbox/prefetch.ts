// Opening a conversation starts when the mouse goes down on its row (or a finger touches it),
// not when the click completes: by the time the button comes up, a human ~100 ms later, the
// conversation and its newest messages are usually here already. A prefetch is used once, within
// a few seconds, and dropped as soon as the conversation changes.
import { get, query } from "../api";
import { onEvent } from "../stream";
import type { Conversation, MessagePage } from "../types";

const fresh = 3000; // ms a prefetch may be used for
const convs = new Map<number, { p: Promise<Conversation>; at: number }>();
const pages = new Map<number, { p: Promise<MessagePage>; at: number }>();

const fetchConv = (id: number) => get<Conversation>(`/conversations/${id}`);
const fetchPage = (id: number) => get<MessagePage>(`/conversations/${id}/messages${query({ limit: 50 })}`);

/** Starts loading a conversation that is about to be opened. */
export function prefetch(id: number) {
  const now = performance.now();
  if ((convs.get(id)?.at ?? -fresh) > now - fresh) return;
  const c = fetchConv(id);
  const p = fetchPage(id);
  c.catch(() => {});
  p.catch(() => {});
  convs.set(id, { p: c, at: now });
  pages.set(id, { p, at: now });
}

function take<T>(m: Map<number, { p: Promise<T>; at: number }>, id: number, load: (id: number) => Promise<T>): Promise<T> {
  const e = m.get(id);
  m.delete(id);
  return e && e.at > performance.now() - fresh ? e.p : load(id);
}

/** The conversation, from a recent prefetch or fetched now. */
export const conversation = (id: number) => take(convs, id, fetchConv);

/** The newest page of its thread, from a recent prefetch or fetched now. */
export const newestMessages = (id: number) => take(pages, id, fetchPage);

onEvent((e) => {
  if (e.conversation_id) {
    convs.delete(e.conversation_id);
    pages.delete(e.conversation_id);
  }
});
