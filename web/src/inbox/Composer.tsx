// The composer: replies and private notes. Enter sends, Shift+Enter starts a new line; "/" (at
// the start of a line or after a space) opens canned responses with their variables filled for
// this conversation; a reply is formatted as its channel shows styles (markup.tsx, Format.tsx),
// can answer one message or be scheduled for later. Each message carries an idempotency key, so a double click
// or a retried request sends it once.
import { signal } from "@preact/signals";
import { useEffect, useRef, useState } from "preact/hooks";
import { get, idempotencyKey, post, query, uploadFile } from "../api";
import { t } from "../i18n";
import { canned, channels, inboxes, me } from "../state";
import type { Agent, CannedResponse, Conversation, MediaLimits, Message, Upload } from "../types";
import { Modal, problem } from "../ui";
import { command, threadMessages } from "./Thread";
import { isComments, useComments } from "./posts";
import { Icon } from "../icons";
import { TemplatePicker, WindowBar, windowState } from "./WindowBar";
import { EmojiPopover } from "./Emoji";
import { dialectOf, useFormat } from "./Styled";
import { useTyping } from "./typing";
import { copilotOffered, features, useCopilot } from "./assistant";

/** A file on its way into the next message. */
interface Pending {
  key: number;
  file: File;
  preview?: string;
  upload?: Upload;
  error?: string;
}

/** What notes may carry: they stay inside the team, so only the server's own limits apply. */
const noteLimits: MediaLimits = { max_bytes: 25 << 20, max_count: 10, types: null, max_text: 0 };

/** Why a file cannot go out under limits, or "". */
function refusal(file: File, limits: MediaLimits, count: number): string {
  if (limits.max_count === 0) return t("composer.noFiles");
  if (count >= limits.max_count) return t("composer.tooMany", { n: limits.max_count });
  if (limits.max_bytes && file.size > limits.max_bytes) return t("composer.tooBig", { name: file.name, mb: Math.round(limits.max_bytes / 1048576) });
  return "";
}

/**
 * Whether a channel takes a file of a type, as the server decided it from the file's bytes (an
 * upload's content_type): by family ("audio/*"), and by codec where the channel names one
 * ("audio/ogg; codecs=opus"). The browser's own guess (file.type) is not asked: it calls an Opus
 * recording "video/ogg", an m4a "audio/x-m4a".
 */
function typeAccepted(limits: MediaLimits, contentType: string): boolean {
  if (!limits.types?.length) return true;
  const parse = (t: string) => {
    const [base, ...params] = t.toLowerCase().split(";").map((x) => x.trim());
    const codec = params.find((p) => p.startsWith("codecs="))?.slice(7).replace(/"/g, "") ?? "";
    return { base: base ?? "", codec };
  };
  const got = parse(contentType);
  return limits.types.some((pattern) => {
    const p = parse(pattern);
    const sameType = p.base === got.base || (p.base.endsWith("/*") && got.base.startsWith(p.base.slice(0, -1)));
    return sameType && (!p.codec || p.codec === got.codec);
  });
}

let pendingKey = 0;

/** The message the next reply answers, chosen in the thread. */
export const replyTo = signal<Message | null>(null);

export function Composer(props: { conv: Conversation }) {
  const c = props.conv;
  const [text, setText] = useState("");
  const [note, setNote] = useState(false);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  const [picker, setPicker] = useState<"" | "emoji" | "later" | "template" | "location">("");
  const key = useRef(idempotencyKey());
  const area = useRef<HTMLTextAreaElement>(null);
  const picker_ = useRef<HTMLInputElement>(null);
  const emojiButton = useRef<HTMLButtonElement>(null);
  const [files, setFiles] = useState<Pending[]>([]);
  const [dragging, setDragging] = useState(false);
  // A comment conversation's reply answers one comment, publicly or privately, in text only.
  const comments = isComments(c) && !note;
  const limits = note ? noteLimits : comments ? { ...noteLimits, max_count: 0 } : (channels.value.get(c.channel)?.media ?? { ...noteLimits, max_count: 0 });
  const caps = channels.value.get(c.channel)?.capabilities;
  // Replies are formatted as the channel shows it; notes stay plain.
  const formatting = note ? "" : (caps?.formatting ?? "");
  const dialect = dialectOf(formatting);
  const fmt = useFormat(!!dialect);
  const mail = c.channel === "email" && !note;
  // The comment answered: the one the agent chose, else the customer's latest, held while the
  // agent writes (a comment arriving meanwhile does not take the reply). Public by default.
  const cm = useComments(comments);
  const [priv, setPriv] = useState(false);
  const [held, setHeld] = useState(0);
  const thread = threadMessages.value.id === c.id ? threadMessages.value.msgs : [];
  const latest = cm ? cm.commentTarget(thread, null) : null;
  const target = cm ? cm.commentTarget(thread, replyTo.value ?? thread.find((m) => m.id === held) ?? null) : null;
  useEffect(() => setHeld(text.trim() ? (target?.id ?? 0) : 0), [text.trim() === "", c.id]);
  // A choice of Private holds until the agent answers another comment: not when the thread
  // reloads under it (the target is briefly unknown while the messages come back).
  const privFor = useRef(0);
  useEffect(() => {
    privFor.current = 0;
    setPriv(false);
  }, [c.id]);
  useEffect(() => {
    const id = target?.id ?? 0;
    if (!id) return;
    if (privFor.current && privFor.current !== id) setPriv(false);
    privFor.current = id;
  }, [target?.id]);
  const [mailFields, setMailFields] = useState({ subject: "", cc: "", bcc: "", from: "" });
  // The assistant (Copilot.tsx, a chunk of its own) when the workspace and the inbox offer it.
  const offered = copilotOffered(c);
  const cp = useCopilot(offered.summary || offered.suggest || offered.rewrite || !!features.value?.translation.enabled);

  useEffect(() => {
    setText("");
    setNote(false);
    setErr("");
    setFiles([]);
    setMailFields({ subject: /^re:/i.test(c.subject) || !c.subject ? c.subject : "Re: " + c.subject, cc: "", bcc: "", from: "" });
    key.current = idempotencyKey();
  }, [c.id]);

  const addFiles = (list: FileList | File[]) => {
    let count = files.filter((f) => !f.error).length;
    const added: Pending[] = [];
    for (const file of Array.from(list)) {
      const why = refusal(file, limits, count);
      const p: Pending = { key: ++pendingKey, file, error: why || undefined };
      if (!why) {
        count++;
        if (file.type.startsWith("image/")) p.preview = URL.createObjectURL(file);
        uploadFile<Upload>(file)
          .then((u) =>
            setFiles((fs) =>
              fs.map((f) =>
                f.key !== p.key ? f : typeAccepted(limits, u.content_type) ? { ...f, upload: u } : { ...f, error: t("composer.badType", { name: file.name }) },
              ),
            ),
          )
          .catch((e) => setFiles((fs) => fs.map((f) => (f.key === p.key ? { ...f, error: problem(e).message } : f))));
      }
      added.push(p);
    }
    setFiles((fs) => [...fs, ...added]);
  };
  const removeFile = (k: number) =>
    setFiles((fs) => {
      const f = fs.find((x) => x.key === k);
      if (f?.preview) URL.revokeObjectURL(f.preview);
      return fs.filter((x) => x.key !== k);
    });
  const uploading = files.some((f) => !f.upload && !f.error);
  // A customer who opted out (SMS STOP) is sent nothing; outside the customer-service window
  // only a template may go out; notes always may.
  const optedOut = !note && !!c.opted_out_at && !!channels.value.get(c.channel)?.capabilities.opt_out;
  const closed = optedOut || (!note && windowState(c).kind === "closed");
  // The customer sees the team typing only inside the channel's own window (no Human Agent days).
  const typing = useTyping(c.id, !note && !closed && !!caps?.typing && !windowState(c).human);
  const ready = files.filter((f) => f.upload);
  /** Puts an emoji where the cursor is (in place of the selection) and the cursor after it. */
  const insertEmoji = (x: string) => {
    setPicker("");
    const ta = area.current;
    const start = ta ? ta.selectionStart : text.length;
    const end = ta ? ta.selectionEnd : text.length;
    const value = ta ? ta.value : text;
    setText(value.slice(0, start) + x + value.slice(end));
    // After the text area shows the new value, or the cursor would land at its end.
    setTimeout(() => {
      ta?.focus();
      ta?.setSelectionRange(start + x.length, start + x.length);
    });
  };
  useEffect(() => {
    const cmd = command.value;
    if (cmd?.name === "reply" || cmd?.name === "note") {
      setNote(cmd.name === "note");
      area.current?.focus();
    }
  }, [command.value]);

  // Who may be mentioned: the agents who can see this conversation (the server refuses others),
  // loaded when a note is being written.
  const [mentionable, setMentionable] = useState<{ conv: number; agents: Agent[] } | null>(null);
  const [retry, setRetry] = useState(0);
  useEffect(() => {
    if (!note || mentionable?.conv === c.id) return;
    let live = true;
    let again: ReturnType<typeof setTimeout> | undefined;
    get<{ items: Agent[] }>(`/conversations/${c.id}/agents`)
      .then((r) => live && setMentionable({ conv: c.id, agents: r.items }))
      .catch(() => {
        if (live) again = setTimeout(() => setRetry((n) => n + 1), 2000); // a failed load is tried again, not kept
      });
    return () => {
      live = false;
      clearTimeout(again);
    };
  }, [note, c.id, retry]);
  const colleagues = mentionable?.conv === c.id ? mentionable.agents : [];

  // "/" and a shortcut, at the start of a line or after a space, just before the cursor, suggests
  // canned responses; in a note, "@" and the start of a name suggests colleagues to mention.
  // Computed from the text as it is in the field, so a key pressed before the last one
  // re-rendered still sees the suggestions on screen.
  const suggest = (value: string) => {
    const caret = area.current?.value === value ? area.current.selectionEnd : value.length;
    const token = /(^|\s)\/(\S*)$/u.exec(value.slice(0, caret));
    const slash = token ? token[2]!.toLowerCase() : null;
    const slashAt = token ? token.index + token[1]!.length : 0; // where the "/" is
    const matches = slash === null ? [] : canned.value.filter((r) => r.shortcut.toLowerCase().startsWith(slash) || r.title.toLowerCase().includes(slash)).slice(0, 8);
    const at = note ? /(^|\s)@([^\s@]*)$/u.exec(value) : null;
    const people = at ? colleagues.filter((a) => a.name.toLowerCase().includes(at[2]!.toLowerCase())).slice(0, 8) : [];
    return { slash, slashAt, caret, matches, at, people };
  };
  const { slash, matches, at, people } = suggest(text);
  const [mentioned, setMentioned] = useState<Map<number, string>>(new Map());
  const [pick, setPick] = useState(0);
  useEffect(() => setPick(0), [slash, at?.[2]]);
  const mention = (a: Agent, value = text) => {
    const q = suggest(value).at;
    setText(value.slice(0, value.length - (q?.[2]?.length ?? 0) - 1) + "@" + a.name + " ");
    setMentioned(new Map(mentioned).set(a.id, a.name));
    area.current?.focus();
  };

  /** Puts a canned response in place of the "/shortcut" being typed, the cursor after it. */
  const useCanned = async (r: CannedResponse, value = area.current?.value ?? text) => {
    const { slashAt, caret } = suggest(value);
    let out = r.content;
    try {
      out = (await get<{ text: string }>(`/canned-responses/${r.id}/render${query({ conversation_id: c.id })}`)).text;
    } catch {
      // the response as written, its variables unfilled
    }
    setText(value.slice(0, slashAt) + out + value.slice(caret));
    setTimeout(() => {
      area.current?.focus();
      area.current?.setSelectionRange(slashAt + out.length, slashAt + out.length);
    });
  };

  /** Sends the draft, or (over) the text the assistant's translation check settled on. */
  const send = async (over?: { text: string; extra: Record<string, unknown> }) => {
    const body = (over?.text ?? area.current?.value ?? text).trim();
    if ((!body && !ready.length) || busy || uploading || closed) return;
    if (!over && cp?.divert(c, body, note)) return; // translated and checked first
    setBusy(true);
    setErr("");
    try {
      await post<Message>(
        `/conversations/${c.id}/messages`,
        {
          text: body,
          ...richMail(body), // an email's formatting: its html, and its text made plain
          note,
          reply_to_id: (comments ? target?.id : null) ?? replyTo.value?.id ?? null,
          private: comments && priv,
          attachment_ids: ready.map((f) => f.upload!.id),
          email: mail
            ? {
                subject: mailFields.subject,
                cc: splitAddresses(mailFields.cc),
                bcc: splitAddresses(mailFields.bcc),
                from: mailFields.from,
              }
            : null,
          mentions: note ? [...mentioned].filter(([, name]) => body.includes("@" + name)).map(([id]) => id) : [],
          ...cp?.extras(c),
          ...over?.extra,
        },
        { "Idempotency-Key": key.current },
      );
      setText("");
      cp?.sent();
      typing.sent();
      setMentioned(new Map());
      setMailFields((f) => ({ ...f, cc: "", bcc: "" }));
      for (const f of files) if (f.preview) URL.revokeObjectURL(f.preview);
      setFiles([]);
      replyTo.value = null;
      setPriv(false);
      key.current = idempotencyKey();
    } catch (e) {
      setErr(problem(e).message);
    } finally {
      setBusy(false);
      area.current?.focus();
    }
  };

  /** What the assistant may do to the composer. */
  const ai = { setText, setNote, focus: () => area.current?.focus(), send: (over: { text: string; extra: Record<string, unknown> }) => void send(over) };

  /** An email reply with formatting as HTML and plain text (null: plain text only). */
  const richMail = (body: string) => (formatting === "html" && fmt ? fmt.mailParts(body) : null);

  const onKey = (e: KeyboardEvent) => {
    const now = suggest((e.currentTarget as HTMLTextAreaElement).value);
    const count = now.matches.length || now.people.length;
    if (count) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setPick((p) => (p + (e.key === "ArrowDown" ? 1 : count - 1)) % count);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        const i = Math.min(pick, count - 1);
        if (now.matches.length) void useCanned(now.matches[i]!, (e.currentTarget as HTMLTextAreaElement).value);
        else mention(now.people[i]!, (e.currentTarget as HTMLTextAreaElement).value);
        return;
      }
    }
    if (dialect && fmt?.formatKey(e, e.currentTarget as HTMLTextAreaElement, dialect)) return;
    if (cp && (e.ctrlKey || e.metaKey) && e.key.toLowerCase() === "j") {
      e.preventDefault();
      cp.openMenu(c);
      return;
    }
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void send();
    }
    if (e.key === "Escape") area.current?.blur();
  };

  return (
    <div
      class={"composer" + (note ? " note-mode" : "") + (dragging ? " dragging" : "")}
      onDragOver={(e) => {
        if (e.dataTransfer?.types.includes("Files")) {
          e.preventDefault();
          setDragging(true);
        }
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        if (e.dataTransfer?.files.length) addFiles(e.dataTransfer.files);
      }}
    >
      <div class="composer-top">
        <div class="composer-modes" role="tablist" aria-label={t("composer.mode")}>
          <button role="tab" aria-selected={!note} class={!note ? "tab active" : "tab"} onClick={() => setNote(false)}>
            {t("composer.reply")}
          </button>
          <button role="tab" aria-selected={note} class={note ? "tab active" : "tab"} onClick={() => setNote(true)}>
            {t("composer.note")}
          </button>
        </div>
        {cp && <cp.SendIn conv={c} note={note} />}
      </div>
      {optedOut ? (
        <div class="window-bar closed" role="status" data-testid="opted-out">
          <span>{t("composer.optedOut", { channel: t(("channel." + c.channel) as any) })}</span>
        </div>
      ) : (
        !note && <WindowBar conv={c} onTemplate={() => setPicker("template")} />
      )}
      {!note && c.bot?.state === "active" && (
        <div class="bot-bar" role="status" data-testid="bot-active">
          {t("bots.composerActive")}
        </div>
      )}
      {comments && cm && (
        <cm.CommentBar
          conv={c}
          target={target}
          latest={target?.id === latest?.id}
          chosen={!!replyTo.value}
          private={priv}
          onPrivate={setPriv}
          onClear={() => (replyTo.value = null)}
        />
      )}
      {mail && <MailFields conv={c} value={mailFields} onChange={setMailFields} />}
      {picker === "template" && <TemplatePicker conv={c} onClose={() => setPicker("")} onSent={() => (replyTo.value = null)} />}
      {picker === "location" && <ShareLocation conv={c} onClose={() => setPicker("")} />}
      {replyTo.value && !comments && (
        <div class="replying">
          <span>
            {t("composer.replyingTo", { name: replyTo.value.sender_name })}: <em>{replyTo.value.text.slice(0, 100)}</em>
          </span>
          <button class="icon" aria-label={t("action.cancel")} onClick={() => (replyTo.value = null)}>
            ×
          </button>
        </div>
      )}
      {people.length > 0 && (
        <ul class="canned-menu" role="listbox" aria-label={t("composer.mention")}>
          {people.map((a, i) => (
            <li role="option" aria-selected={i === pick} class={i === pick ? "active" : ""} onMouseDown={(e) => (e.preventDefault(), mention(a))}>
              <span class={"presence-dot inline " + a.presence} /> <strong>{a.name}</strong> <span class="muted">{a.email}</span>
            </li>
          ))}
        </ul>
      )}
      {matches.length > 0 && (
        <ul class="canned-menu" role="listbox" aria-label={t("composer.canned")}>
          {matches.map((r, i) => (
            <li role="option" aria-selected={i === pick} class={i === pick ? "active" : ""} onMouseDown={(e) => (e.preventDefault(), void useCanned(r))}>
              <strong>/{r.shortcut}</strong> <span>{r.title || r.content.slice(0, 60)}</span>
            </li>
          ))}
        </ul>
      )}
      {cp && <cp.AssistantPanel conv={c} note={note} text={text} api={ai} />}
      {dialect && fmt && <fmt.FormatBar dialect={dialect} area={area} text={text} />}
      <textarea
        ref={area}
        rows={3}
        aria-label={note ? t("composer.notePlaceholder") : t("composer.placeholder")}
        placeholder={
          note
            ? t("composer.notePlaceholder")
            : comments
              ? t(priv ? "comments.placeholderPrivate" : "comments.placeholderPublic")
              : optedOut ? t("composer.optedOutPlaceholder") : closed ? t(caps?.templates ? "window.closedPlaceholder" : "window.waitPlaceholder") : t("composer.placeholder")
        }
        disabled={closed}
        value={text}
        onInput={(e) => {
          setText(e.currentTarget.value);
          typing.typed(e.currentTarget.value);
        }}
        onKeyDown={onKey}
        onPaste={(e) => {
          const pasted = Array.from(e.clipboardData?.files ?? []);
          if (pasted.length) {
            e.preventDefault();
            addFiles(pasted);
          }
        }}
      />
      {files.length > 0 && (
        <ul class="pending-files" aria-label={t("composer.files")}>
          {files.map((f) => (
            <li class={f.error ? "error" : f.upload ? "ready" : "uploading"}>
              {f.preview ? <img src={f.preview} alt="" /> : <Icon name="doc" />}
              <span class="pending-name">{f.file.name}</span>
              <span class="muted">{f.error ?? (f.upload ? `${Math.max(1, Math.round(f.file.size / 1024))} KB` : t("composer.uploading"))}</span>
              <button class="icon" aria-label={t("composer.removeFile", { name: f.file.name })} onClick={() => removeFile(f.key)}>
                ×
              </button>
            </li>
          ))}
        </ul>
      )}
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      <div class="composer-bar">
        <div class="menu-anchor">
          <button
            class="ghost"
            ref={emojiButton}
            aria-label={t("composer.emoji")}
            aria-haspopup="dialog"
            aria-expanded={picker === "emoji"}
            onClick={() => setPicker(picker === "emoji" ? "" : "emoji")}
          >
            <Icon name="smile" />
          </button>
          {picker === "emoji" && (
            <EmojiPopover label={t("composer.emoji")} anchor={emojiButton.current} onPick={insertEmoji} onClose={() => setPicker("")} />
          )}
        </div>
        {!comments && (
          <button
            class="ghost"
            aria-label={t("composer.attach")}
            title={limits.max_count ? t("composer.attach") : t("composer.noFiles")}
            disabled={limits.max_count === 0}
            onClick={() => picker_.current?.click()}
          >
            <Icon name="clip" />
          </button>
        )}
        {!note && !comments && caps?.location && (
          <button class="ghost" aria-label={t("composer.location")} title={t("composer.location")} disabled={closed} onClick={() => setPicker("location")}>
            <Icon name="pin" />
          </button>
        )}
        {dialect && fmt && <fmt.FormatToggle />}
        {cp && <cp.AssistantMenu conv={c} note={note} text={text} api={ai} />}
        <input
          ref={picker_}
          type="file"
          multiple
          hidden
          data-testid="file-input"
          onChange={(e) => {
            if (e.currentTarget.files?.length) addFiles(e.currentTarget.files);
            e.currentTarget.value = "";
          }}
        />
        <span class="composer-hint">{t("composer.hint")}</span>
        {!note && !comments && (
          <button class="ghost" disabled={!text.trim() || optedOut} onClick={() => setPicker("later")}>
            {t("composer.later")}
          </button>
        )}
        <button class="primary" disabled={busy || uploading || optedOut || (!text.trim() && !ready.length) || !!cp?.writing(c)} onClick={() => void send()}>
          {note ? t("composer.addNote") : (cp?.sendLabel(c, note) ?? t("composer.send"))}
        </button>
      </div>
      {picker === "later" && (
        <SendLater
          conv={c}
          text={text.trim()}
          mail={richMail(text.trim())}
          onClose={() => setPicker("")}
          onDone={() => {
            setText("");
            setPicker("");
          }}
        />
      )}
    </div>
  );
}

/** Addresses typed with commas, semicolons or spaces between them. */
function splitAddresses(s: string): string[] {
  return s.split(/[,;\s]+/).map((a) => a.trim()).filter(Boolean);
}

/** A mail reply's subject, copies and sender. */
function MailFields(props: {
  conv: Conversation;
  value: { subject: string; cc: string; bcc: string; from: string };
  onChange: (v: { subject: string; cc: string; bcc: string; from: string }) => void;
}) {
  const v = props.value;
  const [copies, setCopies] = useState(false);
  const settings = inboxes.value.find((i) => i.id === props.conv.inbox_id)?.settings ?? {};
  const address = typeof settings.address === "string" ? settings.address : "";
  const own = settings.allow_agent_address === true ? me.value?.email : undefined;
  const set = (k: keyof typeof v) => (e: Event) => props.onChange({ ...v, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <div class="mail-fields">
      {own && own !== address && (
        <label>
          <span>{t("email.from")}</span>
          <select name="mail-from" value={v.from} onChange={set("from")}>
            <option value="">{address}</option>
            <option value={own}>{own}</option>
          </select>
        </label>
      )}
      <label>
        <span>{t("email.subject")}</span>
        <input name="mail-subject" value={v.subject} onInput={set("subject")} />
      </label>
      {copies ? (
        <>
          <label>
            <span>{t("email.cc")}</span>
            <input name="mail-cc" type="text" inputMode="email" value={v.cc} onInput={set("cc")} />
          </label>
          <label>
            <span>{t("email.bcc")}</span>
            <input name="mail-bcc" type="text" inputMode="email" value={v.bcc} onInput={set("bcc")} />
          </label>
        </>
      ) : (
        <button class="link small" onClick={() => setCopies(true)}>
          {t("email.addCopies")}
        </button>
      )}
    </div>
  );
}

/** Shares a place: typed coordinates, or the agent's own position when the browser gives it. */
function ShareLocation(props: { conv: Conversation; onClose: () => void }) {
  const [f, setF] = useState({ name: "", address: "", latitude: "", longitude: "" });
  const [err, setErr] = useState("");
  const key = useRef(idempotencyKey());
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.currentTarget as HTMLInputElement).value });
  return (
    <Modal title={t("location.title")} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await post(
              `/conversations/${props.conv.id}/messages`,
              { location: { name: f.name, address: f.address, latitude: Number(f.latitude), longitude: Number(f.longitude) } },
              { "Idempotency-Key": key.current },
            );
            props.onClose();
          } catch (x) {
            setErr(problem(x).message);
          }
        }}
      >
        <label class="field">
          <span class="field-label">{t("location.name")}</span>
          <input name="place-name" value={f.name} onInput={set("name")} />
        </label>
        <label class="field">
          <span class="field-label">{t("location.address")}</span>
          <input name="place-address" value={f.address} onInput={set("address")} />
        </label>
        <div class="inline-add">
          <label class="field">
            <span class="field-label">{t("location.latitude")}</span>
            <input name="latitude" required inputMode="decimal" value={f.latitude} onInput={set("latitude")} />
          </label>
          <label class="field">
            <span class="field-label">{t("location.longitude")}</span>
            <input name="longitude" required inputMode="decimal" value={f.longitude} onInput={set("longitude")} />
          </label>
        </div>
        {"geolocation" in navigator && (
          <button
            type="button"
            class="ghost"
            onClick={() =>
              navigator.geolocation.getCurrentPosition(
                (p) => setF({ ...f, latitude: p.coords.latitude.toFixed(6), longitude: p.coords.longitude.toFixed(6) }),
                (x) => setErr(x.message),
              )
            }
          >
            {t("location.here")}
          </button>
        )}
        {err && <p class="form-error">{err}</p>}
        <button class="primary" type="submit">
          {t("location.send")}
        </button>
      </form>
    </Modal>
  );
}

function SendLater(props: { conv: Conversation; text: string; mail: { text: string; html: string } | null; onClose: () => void; onDone: () => void }) {
  const [at, setAt] = useState("");
  const [err, setErr] = useState("");
  const key = useRef(idempotencyKey());
  return (
    <Modal title={t("composer.laterTitle")} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            await post(
              `/conversations/${props.conv.id}/scheduled-messages`,
              { text: props.text, ...props.mail, send_at: new Date(at).toISOString(), reply_to_id: replyTo.value?.id ?? null },
              { "Idempotency-Key": key.current },
            );
            replyTo.value = null;
            props.onDone();
          } catch (x) {
            setErr(problem(x).message);
          }
        }}
      >
        <p class="muted">{props.text.slice(0, 200)}</p>
        <label class="field">
          <span class="field-label">{t("composer.sendAt")}</span>
          <input type="datetime-local" required value={at} onInput={(e) => setAt(e.currentTarget.value)} />
        </label>
        {err && <p class="form-error">{err}</p>}
        <button class="primary" type="submit">
          {t("composer.schedule")}
        </button>
      </form>
    </Modal>
  );
}
