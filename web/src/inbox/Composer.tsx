// The composer: replies and private notes. Enter sends, Shift+Enter starts a new line; "/" opens
// canned responses with their variables filled for this conversation; a reply can answer one
// message or be scheduled for later. Each message carries an idempotency key, so a double click
// or a retried request sends it once.
import { signal } from "@preact/signals";
import { useEffect, useRef, useState } from "preact/hooks";
import { get, idempotencyKey, post, query } from "../api";
import { t } from "../i18n";
import { canned } from "../state";
import type { CannedResponse, Conversation, Message } from "../types";
import { Modal, problem } from "../ui";
import { command } from "./Thread";
import { Icon } from "../icons";

/** The message the next reply answers, chosen in the thread. */
export const replyTo = signal<Message | null>(null);

const emoji = ["😀", "🙂", "😉", "😊", "🙏", "👍", "👌", "👋", "🎉", "❤️", "✅", "⚠️", "📦", "🚚", "💳", "📞", "⏰", "🙌", "🤝", "😅"];

export function Composer(props: { conv: Conversation }) {
  const c = props.conv;
  const [text, setText] = useState("");
  const [note, setNote] = useState(false);
  const [busy, setBusy] = useState(false);
  const [err, setErr] = useState("");
  const [picker, setPicker] = useState<"" | "emoji" | "later">("");
  const key = useRef(idempotencyKey());
  const area = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setText("");
    setNote(false);
    setErr("");
    key.current = idempotencyKey();
  }, [c.id]);
  useEffect(() => {
    const cmd = command.value;
    if (cmd?.name === "reply" || cmd?.name === "note") {
      setNote(cmd.name === "note");
      area.current?.focus();
    }
  }, [command.value]);

  const slash = text.startsWith("/") && !text.includes("\n") ? text.slice(1).toLowerCase() : null;
  const matches = slash === null ? [] : canned.value.filter((r) => r.shortcut.toLowerCase().startsWith(slash) || r.title.toLowerCase().includes(slash)).slice(0, 8);
  const [pick, setPick] = useState(0);
  useEffect(() => setPick(0), [slash]);

  const useCanned = async (r: CannedResponse) => {
    try {
      const out = await get<{ text: string }>(`/canned-responses/${r.id}/render${query({ conversation_id: c.id })}`);
      setText(out.text);
    } catch {
      setText(r.content);
    }
    area.current?.focus();
  };

  const send = async () => {
    const body = text.trim();
    if (!body || busy) return;
    setBusy(true);
    setErr("");
    try {
      await post<Message>(
        `/conversations/${c.id}/messages`,
        { text: body, note, reply_to_id: replyTo.value?.id ?? null },
        { "Idempotency-Key": key.current },
      );
      setText("");
      replyTo.value = null;
      key.current = idempotencyKey();
    } catch (e) {
      setErr(problem(e).message);
    } finally {
      setBusy(false);
      area.current?.focus();
    }
  };

  const onKey = (e: KeyboardEvent) => {
    if (matches.length) {
      if (e.key === "ArrowDown" || e.key === "ArrowUp") {
        e.preventDefault();
        setPick((p) => (p + (e.key === "ArrowDown" ? 1 : matches.length - 1)) % matches.length);
        return;
      }
      if (e.key === "Enter" || e.key === "Tab") {
        e.preventDefault();
        void useCanned(matches[pick]!);
        return;
      }
    }
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      void send();
    }
    if (e.key === "Escape") area.current?.blur();
  };

  return (
    <div class={"composer" + (note ? " note-mode" : "")}>
      <div class="composer-modes" role="tablist" aria-label={t("composer.mode")}>
        <button role="tab" aria-selected={!note} class={!note ? "tab active" : "tab"} onClick={() => setNote(false)}>
          {t("composer.reply")}
        </button>
        <button role="tab" aria-selected={note} class={note ? "tab active" : "tab"} onClick={() => setNote(true)}>
          {t("composer.note")}
        </button>
      </div>
      {replyTo.value && (
        <div class="replying">
          <span>
            {t("composer.replyingTo", { name: replyTo.value.sender_name })}: <em>{replyTo.value.text.slice(0, 100)}</em>
          </span>
          <button class="icon" aria-label={t("action.cancel")} onClick={() => (replyTo.value = null)}>
            ×
          </button>
        </div>
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
      <textarea
        ref={area}
        rows={3}
        aria-label={note ? t("composer.notePlaceholder") : t("composer.placeholder")}
        placeholder={note ? t("composer.notePlaceholder") : t("composer.placeholder")}
        value={text}
        onInput={(e) => setText(e.currentTarget.value)}
        onKeyDown={onKey}
      />
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      <div class="composer-bar">
        <div class="menu-anchor">
          <button class="ghost" aria-label={t("composer.emoji")} aria-expanded={picker === "emoji"} onClick={() => setPicker(picker === "emoji" ? "" : "emoji")}>
            <Icon name="smile" />
          </button>
          {picker === "emoji" && (
            <div class="menu emoji-grid" role="menu">
              {emoji.map((x) => (
                <button
                  role="menuitem"
                  onClick={() => {
                    setText((s) => s + x);
                    setPicker("");
                    area.current?.focus();
                  }}
                >
                  {x}
                </button>
              ))}
            </div>
          )}
        </div>
        <span class="composer-hint">{t("composer.hint")}</span>
        {!note && (
          <button class="ghost" disabled={!text.trim()} onClick={() => setPicker("later")}>
            {t("composer.later")}
          </button>
        )}
        <button class="primary" disabled={busy || !text.trim()} onClick={() => void send()}>
          {note ? t("composer.addNote") : t("composer.send")}
        </button>
      </div>
      {picker === "later" && (
        <SendLater
          conv={c}
          text={text.trim()}
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

function SendLater(props: { conv: Conversation; text: string; onClose: () => void; onDone: () => void }) {
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
              { text: props.text, send_at: new Date(at).toISOString(), reply_to_id: replyTo.value?.id ?? null },
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
