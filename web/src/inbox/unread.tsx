// The "new messages" line in a thread: above the first customer message the agent had not read
// when they opened the conversation (its read_at, read before opening marked it read). It is
// placed once per opening, so it stays put while they read and is gone the next time.
import { useLayoutEffect, useRef } from "preact/hooks";
import { t } from "../i18n";
import type { Message } from "../types";

/**
 * The id of the message to mark (0 for none) in conversation id, once both its messages and the
 * agent's read_at (undefined until known) are here. None in a conversation the agent never read
 * (read_at null: it opens at its newest message, as any does), nor when the first new message
 * may be on an older page than those loaded (more). The thread is scrolled to the
 * line, unless all below it fits; away is then called, so it no longer follows the bottom.
 */
export function useUnreadMark(id: number, readAt: string | null | undefined, msgs: Message[], more: boolean, box: { current: HTMLElement | null }, away: () => void): number {
  const mark = useRef([0, 0]);
  if (mark.current[0] !== id) {
    mark.current = [0, 0]; // another conversation's, or none yet
    if (readAt !== undefined && msgs[0]?.conversation_id === id) {
      const first = readAt ? msgs.find((m) => m.direction === "incoming" && Date.parse(m.created_at) > Date.parse(readAt)) : undefined;
      mark.current = [id, first && !(first === msgs[0] && more) ? first.id : 0];
    }
  }
  const at = mark.current[1]!;
  useLayoutEffect(() => {
    const el = box.current!;
    const line = el.querySelector(".unread-mark");
    if (!line) return;
    const y = line.getBoundingClientRect().top - el.getBoundingClientRect().top + el.scrollTop - 8;
    if (y < el.scrollHeight - el.clientHeight) {
      el.scrollTop = y;
      away();
    }
  }, [at]);
  return at;
}

export function UnreadMark() {
  return (
    <div class="unread-mark">
      <span>{t("thread.unreadMark")}</span>
    </div>
  );
}
