// The comment tools, a chunk fetched when a comment conversation is first opened (posts.ts has
// what the main bundle needs): the post the comments are under, above the thread; the composer's
// choice of the comment it answers and of a public or a private reply (a direct message to the
// commenter: once per comment, within 7 days of it); and hiding, showing again or deleting a
// comment, for admins and the conversation's assignee.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { post } from "../api";
import { longTime, t } from "../i18n";
import { me } from "../state";
import type { Conversation, Message } from "../types";
import { Modal, problem } from "../ui";
import { postKind } from "./posts";
import { span } from "./WindowBar";

/** How long after a comment it may be answered privately (Meta's rule), for a comment that does
 *  not say until when (private_reply_until, from the time the provider gives). */
const privateWindow = 7 * 24 * 3600_000;

/** The post a comment conversation is under: its picture, kind, caption (two lines, expandable) and link. */
export function PostHeader(props: { conv: Conversation }) {
  const p = props.conv.post;
  const [open, setOpen] = useState(false);
  const [long, setLong] = useState(false);
  const caption = useRef<HTMLParagraphElement>(null);
  useLayoutEffect(() => {
    setOpen(false);
    const el = caption.current;
    setLong(!!el && el.scrollHeight > el.clientHeight + 1);
  }, [p?.caption]);
  if (!p) return null;
  const site = props.conv.channel === "instagram" ? "comments.viewInstagram" : "comments.viewFacebook";
  const id = `post-caption-${props.conv.id}`;
  return (
    <section class="post-head" aria-label={t("comments.post")} data-testid="post-head">
      {p.thumbnail_url && <img class="post-thumb" src={p.thumbnail_url} alt="" loading="lazy" />}
      <div class="post-body">
        <div class="post-line">
          <span class="badge post-kind">{postKind(p)}</span>
          {p.posted_at && <time class="muted small" dateTime={p.posted_at}>{t("comments.posted", { time: longTime(p.posted_at, me.value?.time_zone) })}</time>}
          {p.permalink && (
            <a class="post-link small" href={p.permalink} target="_blank" rel="noopener noreferrer">
              {t(site)} <span aria-hidden="true">↗</span>
            </a>
          )}
        </div>
        {p.caption ? (
          <p class={"post-caption" + (open ? " open" : "")} id={id} ref={caption}>
            {p.caption}
          </p>
        ) : (
          <p class="post-caption muted">{t("comments.noCaption")}</p>
        )}
        {(long || open) && (
          <button class="link small post-more" aria-expanded={open} aria-controls={id} onClick={() => setOpen(!open)}>
            {t(open ? "comments.less" : "comments.more")}
          </button>
        )}
      </div>
    </section>
  );
}

/** Whether a message is a comment an agent can answer: a customer's or the business's, under the post. */
const answerable = (m: Message) => !!m.provider_id && m.direction !== "internal" && m.kind !== "activity" && !m.content?.comment?.private && !m.deleted_at && !m.content?.comment?.removed;

/** The comment the composer answers: the one the agent chose, else the customer's latest. */
export function commentTarget(msgs: Message[], chosen: Message | null): Message | null {
  if (chosen && answerable(chosen)) return chosen;
  for (let i = msgs.length - 1; i >= 0; i--) if (msgs[i]!.direction === "incoming" && answerable(msgs[i]!)) return msgs[i]!;
  return null;
}

/** Whether a comment can still be answered privately at now, how long for, or why not. */
export function privateReply(c: Message, now: number): { ok: boolean; left: number; why: "" | "used" | "expired" | "customer" } {
  if (c.direction !== "incoming") return { ok: false, left: 0, why: "customer" };
  if (c.content?.comment?.private_reply_id) return { ok: false, left: 0, why: "used" };
  const until = c.content?.comment?.private_reply_until;
  const left = (until ? Date.parse(until) : Date.parse(c.created_at) + privateWindow) - now;
  return left > 0 ? { ok: true, left, why: "" } : { ok: false, left: 0, why: "expired" };
}

const why = { used: "comments.privateUsed", expired: "comments.privateExpired", customer: "comments.privateNotCustomer" } as const;

/**
 * Above the composer of a comment conversation: the comment the reply answers, and Public or
 * Private reply, with how long a private reply is possible for (ticking), or why it is not.
 */
export function CommentBar(props: { conv: Conversation; target: Message | null; latest: boolean; chosen: boolean; private: boolean; onPrivate: (p: boolean) => void; onClear: () => void }) {
  const c = props.target;
  const [now, setNow] = useState(Date.now());
  const state = c ? privateReply(c, now) : null;
  useEffect(() => {
    if (!state?.ok) return;
    const id = setInterval(() => setNow(Date.now()), state.left < 600_000 ? 1000 : 20_000);
    return () => clearInterval(id);
  }, [state?.ok, (state?.left ?? 0) < 600_000, c?.id]);
  if (!c) {
    return (
      <div class="comment-bar" data-testid="comment-bar">
        <p class="muted small">{t("comments.noComment")}</p>
      </div>
    );
  }
  const name = `visibility-${props.conv.id}`;
  return (
    <div class="comment-bar" data-testid="comment-bar">
      <div class="comment-target">
        <span>
          {t(props.latest && !props.chosen ? "comments.answeringLatest" : "comments.answering", { name: c.sender_name || t("message.external") })}: <em>{c.text.slice(0, 100)}</em>
        </span>
        {props.chosen && (
          <button class="icon" aria-label={t("action.cancel")} onClick={props.onClear}>
            ×
          </button>
        )}
      </div>
      <div class="comment-visibility">
        <fieldset class="segmented">
          <legend class="sr-only">{t("comments.visibility")}</legend>
          <label title={t("comments.publicHint")}>
            <input type="radio" name={name} value="public" checked={!props.private} onChange={() => props.onPrivate(false)} />
            <span>{t("comments.public")}</span>
          </label>
          <label class={state!.ok ? "" : "disabled"}>
            <input type="radio" name={name} value="private" checked={props.private} disabled={!state!.ok} onChange={() => props.onPrivate(true)} />
            <span>{t("comments.private")}</span>
          </label>
        </fieldset>
        <span class={"private-state small" + (state!.ok ? (state!.left < 24 * 3600_000 ? " soon" : "") : " closed")} data-testid="private-state" role="status">
          {state!.ok ? t("comments.privateLeft", { left: span(state!.left) }) : t(why[state!.why as keyof typeof why])}
        </span>
      </div>
    </div>
  );
}

/** Whether the agent may hide or delete the conversation's comments: an admin, or its assignee. */
export const canModerate = (conv: Conversation) => me.value?.role === "admin" || (!!me.value && conv.assignee_id === me.value.id);

/** A comment's menu: Hide or Show again (a customer's), and Delete (asked twice). */
export function ModerateButton(props: { m: Message; conv: Conversation; onChanged: (m: Message) => void }) {
  const m = props.m;
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState(false);
  const [err, setErr] = useState("");
  const box = useRef<HTMLSpanElement>(null);
  const button = useRef<HTMLButtonElement>(null);
  useLayoutEffect(() => {
    if (!open) return;
    box.current?.querySelector<HTMLElement>(".menu button")?.focus();
    const outside = (e: MouseEvent) => box.current?.contains(e.target as Node) || setOpen(false);
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);
  const act = async (action: "hide" | "unhide" | "delete") => {
    setOpen(false);
    setConfirm(false);
    setErr("");
    try {
      props.onChanged(await post<Message>(`/messages/${m.id}/moderate`, { action }));
    } catch (e) {
      setErr(problem(e).message);
    }
    button.current?.focus();
  };
  const keys = (e: KeyboardEvent) => {
    if (!open) return;
    if (e.key === "Escape") {
      e.stopPropagation();
      setOpen(false);
      button.current?.focus();
      return;
    }
    const items = [...box.current!.querySelectorAll<HTMLElement>(".menu button")];
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || !items.length) return;
    e.preventDefault();
    items[(to + items.length) % items.length]!.focus();
  };
  const hidden = !!m.content?.comment?.hidden;
  return (
    <span class={"menu-anchor" + (m.direction === "incoming" ? "" : " end")} ref={box} onKeyDown={keys}>
      <button class="link" ref={button} aria-label={t("comments.actions")} title={t("comments.actions")} aria-haspopup="menu" aria-expanded={open} onClick={() => setOpen(!open)}>
        <span aria-hidden="true">⋯</span>
      </button>
      {open && (
        <div class="menu comment-menu" role="menu" aria-label={t("comments.actions")}>
          {m.direction === "incoming" && (
            <button role="menuitem" onClick={() => void act(hidden ? "unhide" : "hide")}>
              {t(hidden ? "comments.unhide" : "comments.hide")}
            </button>
          )}
          <button role="menuitem" class="danger-item" onClick={() => (setOpen(false), setConfirm(true))}>
            {t("comments.delete")}
          </button>
        </div>
      )}
      {confirm && (
        <Modal title={t("comments.deleteTitle")} onClose={() => setConfirm(false)}>
          <p>{t("comments.deleteBody", { channel: t(("channel." + props.conv.channel) as any) })}</p>
          <p class="muted quote">{m.text.slice(0, 200)}</p>
          <div class="form-actions">
            <button class="ghost" onClick={() => setConfirm(false)}>
              {t("action.cancel")}
            </button>
            <button class="danger" onClick={() => void act("delete")}>
              {t("comments.delete")}
            </button>
          </div>
        </Modal>
      )}
      {err && (
        <span class="form-error comment-error" role="alert">
          {err}
        </span>
      )}
    </span>
  );
}
