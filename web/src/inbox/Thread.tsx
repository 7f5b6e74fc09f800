// The centre pane: the conversation's header (ConversationHeader.tsx) and the thread, which scrolls
// back through older pages and takes new messages live.
import { signal } from "@preact/signals";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { get, post, put, query } from "../api";
import { language, longTime, t } from "../i18n";
import { agentById, channels, inboxes, me, teamById } from "../state";
import { onEvent } from "../stream";
import { QuickReplies, TypingNote } from "./Webchat";
import type { Conversation, Message, MessagePage } from "../types";
import { Composer, replyTo } from "./Composer";
import { Header } from "./ConversationHeader";
import { MessageHTML, QuotedText } from "./MailBody";
import { patchRow, rows } from "./list";
import { conversation, newestMessages } from "./prefetch";
import { Icon } from "../icons";
import { AttachmentView, ContactCards, FailureNote, RetryNote } from "./MessageParts";
import { AnalysisNote } from "./AnalysisNote";
import { providerName } from "./aiNames";
import { EmojiPopover } from "./Emoji";
import { UnreadMark, useUnreadMark } from "./unread";
import { gone, Missing } from "./Missing";
import { dialectOf, Styled } from "./Styled";
import { commentTree, isComments, type Placed, useComments } from "./posts";
import { translates, useTranslate } from "./assistant";
import type { ComponentChildren } from "preact";

/** The open thread's messages, oldest first: the composer of a comment conversation answers one of them. */
export const threadMessages = signal<{ id: number; msgs: Message[] }>({ id: 0, msgs: [] });

/** Commands from keyboard shortcuts to the open conversation. */
export const command = signal<{ name: "resolve" | "assign" | "snooze" | "reply" | "note"; at: number } | null>(null);

/**
 * The open conversation. onConv receives it each time it is fetched or this agent changes it,
 * so the panels beside it need no request of their own.
 */
export function Thread(props: { id: number; onConv: (c: Conversation) => void }) {
  // The list's row is shown at once while the conversation is fetched afresh, and the thread's
  // messages load in parallel, so opening a conversation costs one round trip, not two.
  const fromList = () => rows.value.find((r) => r.id === props.id) ?? null;
  const [conv, setConv] = useState<Conversation | null>(fromList);
  const contactOf = useRef(0);
  contactOf.current = conv?.contact_id ?? 0;
  const [err, setErr] = useState<unknown>(null);
  // When the agent had last read it, as fetched on opening (the list's row may be older).
  const [read, setRead] = useState<{ id: number; at: string | null } | null>(null);
  useLayoutEffect(() => {
    setConv(fromList());
    setErr(null);
    replyTo.value = null;
    // An answer that comes back once another conversation is open is not this one's.
    let alive = true;
    conversation(props.id)
      .then((c) => {
        if (!alive) return;
        setConv(c);
        props.onConv(c);
        setRead({ id: c.id, at: c.read_at });
        if (c.unread) void post(`/conversations/${c.id}/read`).then(() => patchRow({ ...c, unread: false }));
      })
      .catch((x) => alive && setErr(x));
    const off = onEvent((e) => {
      // The contact's change may change what can be sent to them (an SMS opt-out).
      const ours = e.conversation_id === props.id && e.type.startsWith("conversation.");
      if (!ours && !(e.type === "contact.updated" && e.data?.id === contactOf.current)) return;
      get<Conversation>(`/conversations/${props.id}`).then((c) => {
        if (!alive) return;
        setConv(c);
        props.onConv(c);
      }, (x) => alive && gone(x) && setErr(x)); // deleted, or taken out of this agent's sight, meanwhile
    });
    return () => {
      alive = false;
      off();
    };
  }, [props.id]);
  const cm = useComments(isComments(conv));
  if (err) return <Missing err={err} />;
  const changed = (c: Conversation) => {
    setConv(c);
    patchRow(c);
    props.onConv(c);
  };
  return (
    <section class="thread-pane" aria-label={t("thread.title")} aria-busy={!conv}>
      {conv ? <Header conv={conv} onChange={changed} /> : <header class="thread-head" />}
      {cm && conv && <cm.PostHeader conv={conv} />}
      <Messages id={props.id} conv={conv} readAt={read?.id === props.id ? read.at : undefined} />
      <TypingNote id={props.id} />
      {conv && <Composer conv={conv} />}
    </section>
  );
}

/** How close to the bottom (in pixels) counts as "at the newest message". */
const nearBottom = 80;

/**
 * The thread, newest at the bottom; scrolling to the top loads older messages. It opens at the
 * newest message and stays there while pictures, frames and media above it load; new messages
 * are followed while the agent is at the bottom, and announced by a pill when they scrolled up.
 */
function Messages(props: { id: number; conv: Conversation | null; readAt?: string | null }) {
  const id = props.id;
  const [msgs, setMsgs] = useState<Message[]>([]);
  const [prev, setPrev] = useState("");
  const [loaded, setLoaded] = useState(false);
  const [below, setBelow] = useState(false);
  const box = useRef<HTMLDivElement>(null);
  const stick = useRef(true);
  // Where the thread was last scrolled to, by the agent or by this code: a scroll event tells
  // only where it is now, and one that comes after the box shrank is no agent scrolling up.
  const seen = useRef(0);
  const newest = useRef(0);
  const anchor = useRef<{ height: number; top: number } | null>(null);
  const tree = isComments(props.conv);

  useLayoutEffect(() => {
    setMsgs([]);
    setLoaded(false);
    setBelow(false);
    stick.current = true;
    newest.current = 0;
    let alive = true;
    const show = (p: MessagePage) => {
      if (!alive) return;
      setMsgs((old) => merge(old, p.items));
      setPrev((old) => old || p.prev_cursor);
      setLoaded(true);
    };
    const fetchNewest = () => get<MessagePage>(`/conversations/${id}/messages${query({ limit: 50 })}`).then(show);
    newestMessages(id).then(show, () => {}); // a conversation that cannot be read shows <Missing>
    const off = onEvent((e) => {
      if (e.conversation_id === id && e.type.startsWith("message.")) void fetchNewest();
    });
    return () => {
      alive = false;
      off();
    };
  }, [id]);

  useLayoutEffect(() => {
    threadMessages.value = { id, msgs };
    const el = box.current;
    if (!el) return;
    const last = msgs[msgs.length - 1];
    const arrived = !!last && newest.current !== 0 && last.id > newest.current;
    if (last) newest.current = Math.max(newest.current, last.id);
    // What this agent sends themselves takes them to it, wherever they were.
    const own = arrived && last!.sender_type === "agent" && last!.sender_id === me.value?.id;
    if (anchor.current) {
      el.scrollTop = el.scrollHeight - anchor.current.height + anchor.current.top;
      seen.current = el.scrollTop;
      anchor.current = null;
    } else if (stick.current || own) {
      stick.current = true;
      pin(el);
      setBelow(false);
      // An answer to an older comment sits under it, not at the bottom.
      if (own && tree) el.querySelector(`[data-message="${last!.id}"]`)?.scrollIntoView({ block: "nearest" });
    } else if (arrived) setBelow(true);
  }, [msgs]);

  // Pinned to the bottom while what is above changes size: a picture or a mail's frame loading,
  // the header or the composer growing, the window resized. Scroll events do not tell of these.
  useLayoutEffect(() => {
    const el = box.current;
    if (!el || typeof ResizeObserver === "undefined") return;
    const ro = new ResizeObserver(() => {
      if (stick.current && !anchor.current) pin(el);
    });
    ro.observe(el);
    for (const c of Array.from(el.children)) ro.observe(c);
    return () => ro.disconnect();
  }, [msgs, prev]);

  const older = async () => {
    if (!prev) return;
    const el = box.current!;
    anchor.current = { height: el.scrollHeight, top: el.scrollTop };
    const p = await get<MessagePage>(`/conversations/${id}/messages${query({ limit: 50, before: prev })}`);
    setPrev(p.prev_cursor);
    setMsgs((old) => merge(p.items, old));
  };
  const pin = (el: HTMLElement) => {
    el.scrollTop = el.scrollHeight;
    seen.current = el.scrollTop;
  };
  const onScroll = () => {
    const el = box.current!;
    if (el.scrollHeight - el.scrollTop - el.clientHeight < nearBottom) {
      stick.current = true;
      setBelow(false);
    } else if (el.scrollTop < seen.current - 1) stick.current = false; // the agent scrolled up
    else if (stick.current && !anchor.current) pin(el); // the box changed size under a scroll of ours
    seen.current = el.scrollTop;
    if (el.scrollTop < 80) void older();
  };
  const toBottom = () => {
    stick.current = true;
    setBelow(false);
    pin(box.current!);
  };
  const mark = useUnreadMark(id, props.readAt, msgs, !!prev, box, () => {
    stick.current = false;
    seen.current = box.current!.scrollTop;
  });
  const byId = new Map(msgs.map((m) => [m.id, m]));
  const placed: Placed[] = tree ? commentTree(msgs) : msgs.map((m) => ({ m, depth: 0, quoted: m.reply_to_id ? byId.get(m.reply_to_id) : undefined }));
  return (
    <div class="messages" ref={box} onScroll={onScroll} aria-live="polite" aria-busy={!loaded} data-loaded={loaded}>
      {prev && (
        <button class="ghost load-older" onClick={() => void older()}>
          {t("thread.older")}
        </button>
      )}
      {placed.map(({ m, depth, quoted }) => (
        <>
          {m.id === mark && <UnreadMark />}
          <MessageView m={m} conv={props.conv} depth={depth} quoted={quoted} onRetried={(n) => setMsgs((old) => merge(old, [n]))} />
        </>
      ))}
      {below && (
        <button class="new-messages-pill" onClick={toBottom}>
          {t("thread.newMessages")} <span aria-hidden="true">↓</span>
        </button>
      )}
    </div>
  );
}

/** Merges two runs of messages by id, later versions winning, oldest first. */
function merge(a: Message[], b: Message[]): Message[] {
  const m = new Map<number, Message>();
  for (const x of a) m.set(x.id, x);
  for (const x of b) m.set(x.id, x);
  return [...m.values()].sort((x, y) => x.id - y.id);
}

export function MessageView(props: { m: Message; conv?: Conversation | null; depth?: 0 | 1; quoted?: Message; onRetried: (m: Message) => void }) {
  const m = props.m;
  const tz = me.value?.time_zone;
  const comments = isComments(props.conv);
  const cm = useComments(comments);
  if (m.kind === "activity") {
    return (
      <div class="milestone" data-message={m.id}>
        <span>{activityText(m, comments)}</span>
        <time dateTime={m.created_at}>{longTime(m.created_at, tz)}</time>
      </div>
    );
  }
  const side = m.direction === "incoming" ? "in" : m.direction === "internal" ? "note" : "out";
  const author =
    m.sender_type === "external"
      ? t("message.external")
      : m.content?.auto_reply
        ? `${t("automation.auto_reply")} · ${autoReplyName(m.content.auto_reply)}`
        : m.sender_type === "bot"
          ? t("message.bot", { name: m.sender_name })
          : m.sender_name;
  const kind = inboxes.value.find((i) => i.id === m.inbox_id)?.kind;
  // WhatsApp's markup and Markdown show styled; a mail's text is plain (its styles are its HTML).
  const formatting = kind && channels.value.get(kind)?.capabilities.formatting;
  const dialect = formatting === "html" ? "" : dialectOf(formatting);
  const canReact = !comments && side === "in" && !!m.provider_id && !m.deleted_at && !!(kind && channels.value.get(kind)?.capabilities.reactions);
  const content = m.content;
  const cf = comments ? content?.comment : undefined;
  // In a comment conversation, an answer goes to a comment: not to a private reply (a direct
  // message) nor to a comment that is gone.
  const canReply = m.direction !== "internal" && !(comments && (cf?.private || cf?.removed || m.deleted_at || !m.provider_id));
  const marks = cf && (cf.hidden || cf.removed || cf.private || cf.private_reply_id);
  const hm = (iso: string) => new Intl.DateTimeFormat(language.value, { timeStyle: "short", timeZone: tz || undefined }).format(new Date(iso));
  return (
    <article
      class={"bubble " + side + (props.depth ? " comment-answer" : "") + (cf?.hidden ? " comment-hidden" : "") + (cf?.removed ? " comment-removed" : "") + (comments && replyTo.value?.id === m.id ? " comment-chosen" : "")}
      data-message={m.id}
      aria-label={t(("message." + side) as any, { name: author })}
    >
      {side !== "in" && (
        <div class="bubble-author">
          {m.kind === "note" ? t("message.noteBy", { name: author }) : author}
          {content?.template && <span class="badge">{t("message.template", { name: content.template.name })}</span>}
        </div>
      )}
      {marks && (
        <div class="comment-marks">
          {cf.hidden && (
            <span class="badge comment-badge" title={t("comments.hiddenHint")}>
              {t("comments.hidden")}
            </span>
          )}
          {cf.removed && (
            <span class="badge comment-badge removed" title={t("comments.deletedHint")}>
              {t("comments.deleted")}
            </span>
          )}
          {cf.private && (
            <span class="badge comment-badge private" title={t("comments.sentPrivatelyHint")}>
              {t("comments.sentPrivately")}
            </span>
          )}
          {cf.private_reply_id && <span class="badge comment-badge private">{t("comments.answeredPrivately")}</span>}
        </div>
      )}
      {content?.forwarded && <div class="muted small">{t("message.forwarded")}</div>}
      {content?.story && <div class="muted small">{t(content.story === "mention" ? "message.storyMention" : "message.storyReply")}</div>}
      {content?.shared && <div class="muted small">{t(content.shared === "reel" ? "message.sharedReel" : "message.sharedPost")}</div>}
      {props.quoted && (
        <blockquote class="quote">
          <strong>{props.quoted.sender_name}</strong> {props.quoted.text.slice(0, 160)}
        </blockquote>
      )}
      {content?.email && !m.deleted_at && <EmailHeader e={content.email} automatic={!!content.automatic} />}
      {m.deleted_at ? (
        <p class="muted">{t(comments && content?.unsent ? "comments.customerDeleted" : content?.unsent ? "message.unsent" : "message.deleted")}</p>
      ) : content?.analysis ? (
        <AnalysisNote a={content.analysis} conv={props.conv} />
      ) : m.html ? (
        <Translatable m={m} conv={props.conv}>
          <MessageHTML html={m.html} id={m.id} />
        </Translatable>
      ) : content?.email ? (
        <Translatable m={m} conv={props.conv}>
          <QuotedText text={m.text} at={m.direction === "incoming" ? content.email.quoted_at : m.text.length} />
        </Translatable>
      ) : m.text && !(content?.contacts?.length && m.attachments.length === 0) ? (
        // A message that is nothing but shared contacts has their rendering as its text: the cards show them.
        <Translatable m={m} conv={props.conv}>
          <Styled text={m.text} d={side === "note" ? "" : dialect} />
        </Translatable>
      ) : null}
      {content?.unsupported && !m.deleted_at && (
        <p class="muted unsupported" role="note">
          {t("message.unsupported", { kind: content.unsupported })}
        </p>
      )}
      {!m.deleted_at && <SourceNote m={m} />}
      {m.attachments
        .filter((a) => a.kind !== "source")
        .map((a) => (
          <AttachmentView a={a} voice={content?.voice} />
        ))}
      {!m.deleted_at && content?.contacts?.length ? <ContactCards cards={content.contacts} /> : null}
      {content?.quick_replies?.length ? <QuickReplies items={content.quick_replies} /> : null}
      {content?.choices?.items.length ? <QuickReplies items={content.choices.items.map((c) => c.title)} /> : null}
      {content?.csat_rating ? <div class="csat-answer small" data-testid="csat-answer">{t("csat.answer", { rating: content.csat_rating })}</div> : null}
      {(m.reactions ?? []).length > 0 && (
        <ul class="reactions" aria-label={t("message.reactions")}>
          {m.reactions!.map((r) => (
            <li class={"reaction " + r.side} title={r.side === "contact" ? r.sender_name : t("message.reactedBusiness", { name: r.sender_name })}>
              {r.emoji}
            </li>
          ))}
        </ul>
      )}
      {!!content?.edits?.length && (
        <details class="edited">
          <summary>{t("message.edited")}</summary>
          {content.edits.map((e) => (
            <p>{t("message.editedFrom", { text: e })}</p>
          ))}
        </details>
      )}
      {content?.ai && !content.analysis && !m.deleted_at && (
        // What the assistant drafted stays marked once sent, with the provider that made it.
        <p class="ai-origin" data-testid="ai-origin">
          {t(("ai.by." + content.ai.feature) as "ai.by.suggestion", { provider: providerName(content.ai.provider) })}
        </p>
      )}
      <footer class="bubble-meta">
        <time dateTime={m.created_at} title={longTime(m.created_at, tz)}>
          {hm(m.created_at)}
        </time>
        {m.direction === "outgoing" && <Ticks status={m.status} />}
        {canReply && (
          <button class="link" onClick={() => (replyTo.value = m)} aria-label={t("message.replyTo")}>
            <Icon name="reply" size={14} />
          </button>
        )}
        {canReact && <ReactButton m={m} only={channels.value.get(kind!)?.capabilities.reaction_emojis} onChanged={props.onRetried} />}
        {cm && props.conv && canReply && cm.canModerate(props.conv) && <cm.ModerateButton m={m} conv={props.conv} onChanged={props.onRetried} />}
      </footer>
      {m.status === "pending" && m.retry && <RetryNote r={m.retry} time={hm(m.retry.next_attempt_at)} />}
      {m.status === "failed" && <FailureNote m={m} onRetry={() => void post<Message>(`/messages/${m.id}/retry`).then(props.onRetried)} />}
    </article>
  );
}

/**
 * A message's text, translated when the customer wrote in another language than the agent reads
 * (or, for a reply sent translated, as its author wrote it): Translate.tsx, a chunk of its own.
 */
function Translatable(props: { m: Message; conv?: Conversation | null; children: ComponentChildren }) {
  const m = props.m;
  const wanted = !!props.conv && m.text !== "" && (m.direction === "incoming" ? translates(props.conv, m.language) : !!m.content?.translation);
  const tr = useTranslate(wanted);
  return tr && props.conv ? <tr.Translated m={m} conv={props.conv} children={props.children} /> : <>{props.children}</>;
}

/**
 * What a message could not be read of, and its original as received (a mail's source): a note
 * when it could not be fully read, a link to the original for every mail.
 */
function SourceNote(props: { m: Message }) {
  const source = props.m.attachments.find((a) => a.kind === "source");
  const unreadable = !!props.m.content?.unreadable;
  if (!unreadable && !source) return null;
  const link = source && (
    <a class="source-link" href={source.url} download={source.filename}>
      {t("message.source")}
    </a>
  );
  return unreadable ? (
    <p class="unreadable" role="note">
      {t(props.m.content?.email ? "message.unreadableEmail" : "message.unreadable")} {link}
    </p>
  ) : (
    <p class="muted small">{link}</p>
  );
}

/** A mail's own header: subject, sender, recipients, and whether a machine sent it. */
function EmailHeader(props: { e: NonNullable<NonNullable<Message["content"]>["email"]>; automatic: boolean }) {
  const e = props.e;
  return (
    <dl class="email-head">
      {e.subject && (
        <>
          <dt>{t("email.subject")}</dt>
          <dd class="email-subject">{e.subject}</dd>
        </>
      )}
      {e.from && (
        <>
          <dt>{t("email.from")}</dt>
          <dd>{e.from}</dd>
        </>
      )}
      {(e.to ?? []).length > 0 && (
        <>
          <dt>{t("email.to")}</dt>
          <dd>{e.to.join(", ")}</dd>
        </>
      )}
      {(e.cc ?? []).length > 0 && (
        <>
          <dt>{t("email.cc")}</dt>
          <dd>{e.cc!.join(", ")}</dd>
        </>
      )}
      {(e.bcc ?? []).length > 0 && (
        <>
          <dt>{t("email.bcc")}</dt>
          <dd>{e.bcc!.join(", ")}</dd>
        </>
      )}
      {props.automatic && <dd class="badge">{t(e.kind === "bulk" ? "email.bulk" : "email.automatic")}</dd>}
    </dl>
  );
}

/**
 * Reacts to a customer's message on channels with reactions (one emoji for the business): any
 * emoji, or on a channel that sends only some (Instagram's ❤️), a button for each to toggle.
 */
function ReactButton(props: { m: Message; only?: string[]; onChanged: (m: Message) => void }) {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const mine = props.m.reactions?.find((r) => r.side === "business")?.emoji ?? "";
  const react = async (emoji: string) => {
    setOpen(false);
    props.onChanged(await put<Message>(`/messages/${props.m.id}/reaction`, { emoji }));
  };
  if (props.only?.length)
    return (
      <>
        {props.only.map((e) => (
          <button class="link react-only" aria-pressed={mine === e} aria-label={t("message.reactWith", { emoji: e })} onClick={() => void react(e === mine ? "" : e)}>
            {e}
          </button>
        ))}
      </>
    );
  return (
    <span class="menu-anchor">
      <button class="link" ref={button} aria-label={t("message.react")} aria-haspopup="dialog" aria-expanded={open} onClick={() => setOpen(!open)}>
        <Icon name="smile" size={14} />
      </button>
      {open && (
        // Picking the emoji already there takes the reaction back.
        <EmojiPopover label={t("message.react")} anchor={button.current} onPick={(e) => void react(e === mine ? "" : e)} onClose={() => setOpen(false)} />
      )}
    </span>
  );
}

function Ticks(props: { status: string }) {
  const s = props.status;
  const label = t(("tick." + (s || "pending")) as any);
  const mark = s === "sent" || s === "accepted" ? "✓" : s === "delivered" || s === "read" ? "✓✓" : s === "failed" ? "!" : "…";
  return (
    <span class={"ticks " + s} role="img" aria-label={label} title={label}>
      {mark}
    </span>
  );
}

/** The name of a kind of automatic reply, in the agent's language. */
function autoReplyName(kind: string): string {
  const key = ({ welcome: "hours.welcome", out_of_hours: "hours.outOfHours", acknowledge: "hours.acknowledge" } as const)[kind as "welcome"];
  return key ? t(key) : kind;
}

/** A milestone in the agent's language, from its structured description; comments tells whether
 *  it is in a comment conversation. */
function activityText(m: Message, comments: boolean): string {
  const a = m.activity;
  if (!a) return m.text;
  const who = a.automation ? t(("automation." + a.automation.kind) as any, { name: a.automation.name }) : m.sender_name || "Switchboard";
  const agent = a.agent_id ? (agentById.value.get(a.agent_id)?.name ?? "?") : "";
  const team = a.team_id ? (teamById.value.get(a.team_id)?.name ?? "?") : "";
  switch (a.action) {
    case "assigned":
      if (a.agent_id && a.agent_id === m.sender_id && !a.team_id) return t("activity.took", { who });
      return t("activity.assigned", { who, agent: agent || team });
    case "unassigned":
      return t("activity.unassigned", { who });
    case "status_changed":
      return t("activity.status", { who, status: t(("status." + a.status) as any).toLocaleLowerCase(language.value) });
    case "snoozed":
      return t("activity.snoozed", { who, until: longTime(a.until, me.value?.time_zone) });
    case "labels_added":
      return t("activity.labelsAdded", { who, labels: (a.labels ?? []).join(", ") });
    case "labels_removed":
      return t("activity.labelsRemoved", { who, labels: (a.labels ?? []).join(", ") });
    case "message_deleted":
      return t("activity.deleted", { who });
    case "message_unsent":
      return t("activity.unsent");
    case "comment_hide":
      return t("activity.commentHide", { who });
    case "comment_unhide":
      return t("activity.commentUnhide", { who });
    case "comment_delete":
      return t("activity.commentDelete", { who });
    case "comment_removed":
      return t("activity.commentRemoved");
    case "conversation_linked":
      return t(comments ? "activity.linkedDirect" : "activity.linkedComment");
    case "contact_merged":
      return t("merge.activityMerged", { who, other: a.note || "?" });
    case "contact_unmerged":
      return t("merge.activityUnmerged", { who, other: a.note || "?" });
    case "identity_added":
      return t("activity.identityAdded", { who, address: a.identity?.external_id ?? "?" });
    case "identity_removed":
      return t("activity.identityRemoved", { who, address: a.identity?.external_id ?? "?" });
    case "emailed_visitor":
      return t("activity.emailedVisitor", { address: a.note || "?" });
    case "auto_reply_not_sent":
      return t("hoursTpl.notSent", { who, reply: autoReplyName(a.note ?? "") });
    case "handed_off":
      return team
        ? t("activity.handedOffTeam", { team, reason: a.note || "—" })
        : t("activity.handedOff", { reason: a.note || "—" });
    case "bot_pause":
    case "bot_resume":
    case "bot_run":
      return t(("bots.activity." + a.action.slice(4)) as any, { who });
    case "consent":
      return t("wcflows.consent", { text: a.note || "—" });
    case "sla_applied":
      return t("sla.activity.applied", { who, name: a.note || "?" });
    case "sla_removed":
      return t("sla.activity.removed", { who });
    case "sla_warning":
    case "sla_breached": {
      const target = a.note ? t(("sla." + a.note) as any).toLocaleLowerCase(language.value) : "?";
      return t(a.action === "sla_warning" ? "sla.activity.warning" : "sla.activity.breached", { who, target });
    }
    case "csat":
      return a.note ? t("wcflows.csatComment", { rating: String(a.rating ?? "?"), comment: a.note }) : t("wcflows.csat", { rating: String(a.rating ?? "?") });
    case "referral": {
      const from = a.source === "ADS" ? t("activity.referralAd") : a.source === "SHORTLINK" ? t("activity.referralLink") : t("activity.referralOther", { source: a.source || "?" });
      return a.note ? `${from} · ${a.note}` : from;
    }
    case "opted_out":
    case "opted_in": {
      const kind = inboxes.value.find((i) => i.id === m.inbox_id)?.kind;
      const vars = { channel: kind ? t(("channel." + kind) as any) : "?", address: a.identity?.external_id ?? "?" };
      if (a.action === "opted_in") return t("activity.optedIn", vars);
      return a.note ? t("activity.optedOutRefused", { ...vars, reason: a.note }) : t("activity.optedOut", vars);
    }
  }
  return m.text;
}
