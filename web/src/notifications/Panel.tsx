// The bell's panel: the agent's notifications, newest first, unread ones marked; each opens its
// conversation and is marked read; "Mark all read", the settings, "Load more". A non-modal
// dialog: focus moves into it, Escape or a click outside closes it and focus returns to the
// bell; the arrow keys move between the notifications.
import type { RefObject } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { shortTime, longTime, t } from "../i18n";
import { me } from "../state";
import { problem } from "../ui";
import { items, loadMore, loaded, markRead, nextCursor, unread } from "./store";
import type { Notification } from "./types";

export function Panel(props: { onClose: (refocus: boolean) => void; anchor: RefObject<HTMLElement | null> }) {
  const ref = useRef<HTMLDivElement>(null);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  useLayoutEffect(() => {
    const el = ref.current;
    (el?.querySelector<HTMLElement>(".notif-item a, .notif-item button") ?? el?.querySelector<HTMLElement>("h2"))?.focus();
    const key = (e: KeyboardEvent) => {
      if (e.key === "Escape") {
        e.preventDefault();
        e.stopPropagation();
        props.onClose(true);
      }
    };
    const outside = (e: PointerEvent) => {
      const target = e.target as Node;
      if (!el?.contains(target) && !props.anchor.current?.contains(target)) props.onClose(false);
    };
    window.addEventListener("keydown", key, true);
    document.addEventListener("pointerdown", outside, true);
    return () => {
      window.removeEventListener("keydown", key, true);
      document.removeEventListener("pointerdown", outside, true);
    };
  }, []);
  const arrows = (e: KeyboardEvent) => {
    if (e.key !== "ArrowDown" && e.key !== "ArrowUp") return;
    const all = [...(ref.current?.querySelectorAll<HTMLElement>(".notif-item > a, .notif-item > button") ?? [])];
    const i = all.indexOf(document.activeElement as HTMLElement);
    const next = all[e.key === "ArrowDown" ? Math.min(all.length - 1, i + 1) : Math.max(0, i - 1)];
    if (next) {
      e.preventDefault();
      next.focus();
    }
  };
  const act = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setErr("");
    try {
      await fn();
    } catch (x) {
      setErr(problem(x).message);
    } finally {
      setBusy(false);
    }
  };
  const open = (n: Notification) => {
    void markRead([n.id]).catch(() => {});
    props.onClose(false); // the shell's link handler opens the conversation
  };
  const tz = me.value?.time_zone;
  return (
    <div class="notif-panel" id="notification-panel" role="dialog" aria-labelledby="notif-title" ref={ref} onKeyDown={arrows}>
      <header class="notif-head">
        <h2 id="notif-title" tabIndex={-1}>
          {t("notifications.title")}
        </h2>
        <button type="button" class="ghost" disabled={busy || unread.value === 0} onClick={() => void act(() => markRead("all"))}>
          {t("notifications.markAll")}
        </button>
        <a href="/settings/notifications" class="notif-settings" onClick={() => props.onClose(false)}>
          {t("notifications.settings")}
        </a>
      </header>
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      {!loaded.value ? (
        <p class="notif-empty muted" aria-busy="true">
          {t("notifications.loading")}
        </p>
      ) : items.value.length === 0 ? (
        <p class="notif-empty muted">{t("notifications.empty")}</p>
      ) : (
        <ul class="notif-list" aria-labelledby="notif-title">
          {items.value.map((n) => {
            const body = (
              <>
                <span class="notif-title">
                  {!n.read_at && <span class="notif-dot" role="img" aria-label={t("notifications.unread")} />}
                  {n.title}
                </span>
                {n.body && <span class="notif-body">{n.body}</span>}
                <time class="notif-time" dateTime={n.created_at} title={longTime(n.created_at, tz)}>
                  {shortTime(n.created_at, tz)}
                </time>
              </>
            );
            return (
              <li class={"notif-item" + (n.read_at ? "" : " unread")} key={n.id} data-id={n.id}>
                {n.conversation_id ? (
                  <a href={`/inbox/${n.conversation_id}`} onClick={() => open(n)}>
                    {body}
                  </a>
                ) : (
                  <button type="button" onClick={() => void act(() => markRead([n.id]))}>
                    {body}
                  </button>
                )}
              </li>
            );
          })}
        </ul>
      )}
      {nextCursor.value && (
        <button type="button" class="ghost notif-more" disabled={busy} onClick={() => void act(loadMore)}>
          {t("notifications.more")}
        </button>
      )}
    </div>
  );
}
