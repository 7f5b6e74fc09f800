// Comments under posts, what the main bundle needs of them: the post's kind as a word (list
// rows, the thread's header), the thread as a tree of comments and answers, and the chunk with
// the rest (Comments.tsx: the post's header, the composer's choice of comment and of public or
// private reply, moderation), fetched when a comment conversation is first opened.
import { t, type Key } from "../i18n";
import type { Conversation, Message, Post } from "../types";
import { lazyChunk } from "./chunk";

export const isComments = (c: Conversation | null | undefined) => c?.kind === "comment";

/** The comment tools' chunk, once here, when wanted (null until then). */
export const useComments = lazyChunk(() => import("./Comments"));

/** A post's kind in words: Post, Reel, Story, Live, or Ad "its title". */
export function postKind(p: Post): string {
  if (p.kind === "AD" && p.ad_title) return t("comments.ad", { title: p.ad_title });
  return t(`comments.kind.${kinds.includes(p.kind) ? p.kind : "POST"}` as Key);
}
const kinds = ["FEED", "POST", "REELS", "STORY", "LIVE", "AD"];

/** A message and where it sits in a comment tree: 0 a comment, 1 an answer under it. */
export interface Placed {
  m: Message;
  depth: 0 | 1;
  /** The message it answers, when that is not the comment it sits under. */
  quoted?: Message;
}

/**
 * A comment conversation's messages as a tree: each comment (and each milestone) in time order,
 * the answers to it, and the answers to those, under it (one level, oldest first, as Instagram
 * and Facebook show them). An answer to a message not loaded stands on its own.
 */
export function commentTree(msgs: Message[]): Placed[] {
  const byId = new Map(msgs.map((m) => [m.id, m]));
  const rootOf = (m: Message) => {
    let r = m;
    for (let hops = 0; r.reply_to_id && byId.has(r.reply_to_id) && hops < 50; hops++) r = byId.get(r.reply_to_id)!;
    return r;
  };
  const under = new Map<number, Placed[]>();
  const roots: Message[] = [];
  for (const m of msgs) {
    const r = rootOf(m);
    if (r === m) {
      roots.push(m);
      continue;
    }
    const parent = byId.get(m.reply_to_id!)!;
    const list = under.get(r.id) ?? [];
    list.push({ m, depth: 1, quoted: parent === r ? undefined : parent });
    under.set(r.id, list);
  }
  return roots.flatMap((m) => [{ m, depth: 0 as const }, ...(under.get(m.id) ?? [])]);
}
