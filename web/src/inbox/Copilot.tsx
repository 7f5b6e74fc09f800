// The composer's assistant, a chunk of its own (inbox/assistant.ts loads it when the workspace and
// the inbox offer it): the Assistant menu (Ctrl+J) summarises the conversation, suggests a reply
// or rewrites the draft, streamed from POST /conversations/{id}/copilot (server-sent events, read
// with fetch: EventSource cannot POST); offline, suggestions come as a list of answers from
// resolved conversations and canned responses. What the assistant wrote is marked with its
// provider until the agent edits it, can be undone, and goes out only when the agent sends it
// (with MessageCreate.ai). And "Send in Spanish": the reply is translated first
// (translate-draft), the agent checks the translation, then sends it with what they wrote.
import { signal } from "@preact/signals";
import { useEffect, useLayoutEffect, useRef } from "preact/hooks";
import { failure, post } from "../api";
import { language, t } from "../i18n";
import { Icon } from "../icons";
import type { AIOrigin, Conversation, SentTranslation } from "../types";
import { CopyButton, problem } from "../ui";
import { copilotOffered, customerLanguage, features, languageName, providerName, translates } from "./assistant";

/** What the composer lends the assistant. */
export interface ComposerAPI {
  setText: (s: string) => void;
  setNote: (note: boolean) => void;
  focus: () => void;
  /** Sends text in place of the draft, with extra fields of MessageCreate. */
  send: (over: { text: string; extra: Record<string, unknown> }) => void;
}

type Action = "summary" | "suggest" | "rewrite";
type Style = "shorter" | "friendlier" | "formal" | "grammar";
interface Candidate {
  text: string;
  source: "resolved" | "canned";
  title?: string;
}

/** The assistant's state in the open composer (one at a time). */
interface State {
  conv: number;
  menu: boolean;
  running: Action | "";
  error: string;
  summary: { text: string; provider: string } | null;
  candidates: { items: Candidate[]; provider: string; done: boolean } | null;
  /** The draft's maker, sent with it (until the draft is emptied or sent). */
  origin: AIOrigin | null;
  /** The draft as the assistant left it: the mark shows while the draft is still that. */
  produced: string;
  /** The draft before the assistant replaced it. */
  undo: string | null;
  sendIn: boolean;
  preview: { original: string; text: string; language: string; provider: string; busy: boolean } | null;
}
const fresh = (conv: number): State => ({
  conv,
  menu: false,
  running: "",
  error: "",
  summary: null,
  candidates: null,
  origin: null,
  produced: "",
  undo: null,
  sendIn: false,
  preview: null,
});
const st = signal<State>(fresh(0));
const set = (p: Partial<State>) => (st.value = { ...st.value, ...p });
let stream: AbortController | null = null;

/** Starts afresh when the composer is another conversation's: nothing of one goes with another. */
function ensure(conv: number) {
  if (st.value.conv === conv) return;
  stream?.abort();
  stream = null;
  st.value = fresh(conv);
}

/** The language replies are sent in when the agent asks, or "" when there is none to offer. */
function sendLanguage(conv: Conversation, note: boolean): string {
  const l = customerLanguage(conv);
  return !note && translates(conv, l) ? l : "";
}

/** Reads a server-sent event stream from a POST, calling on for each event until it ends. */
async function events(path: string, body: unknown, signal: AbortSignal, on: (event: string, data: any) => void, retries = 3): Promise<void> {
  let res: Response;
  try {
    res = await fetch("/api/v1" + path, {
      method: "POST",
      credentials: "same-origin",
      headers: { Accept: "text/event-stream", "Content-Type": "application/json" },
      body: JSON.stringify(body),
      signal,
    });
  } catch (e) {
    if (signal.aborted) throw e;
    throw failure(0, { error: { code: "unavailable" } }, "Switchboard cannot be reached. Check your connection.");
  }
  if (res.status === 429 && retries > 0) {
    // The server answers one request per agent: the one just stopped may not have ended yet.
    await new Promise((ok) => setTimeout(ok, 1000 * (Number(res.headers.get("Retry-After")) || 1)));
    if (!signal.aborted) return events(path, body, signal, on, retries - 1);
  }
  if (!res.ok || !res.body) throw failure(res.status, await res.json().catch(() => null), res.statusText);
  const reader = res.body.pipeThrough(new TextDecoderStream()).getReader();
  let buf = "";
  for (;;) {
    const { value, done } = await reader.read();
    if (done) break;
    buf += value.replace(/\r\n?/g, "\n");
    let end: number;
    while ((end = buf.indexOf("\n\n")) >= 0) {
      const block = buf.slice(0, end);
      buf = buf.slice(end + 2);
      let event = "message";
      const data: string[] = [];
      for (const line of block.split("\n")) {
        if (line.startsWith("event:")) event = line.slice(6).trim();
        else if (line.startsWith("data:")) data.push(line.slice(5).replace(/^ /, ""));
      }
      if (data.length) on(event, JSON.parse(data.join("\n")));
    }
  }
}

/** Runs one of the copilot's actions, streaming its answer where it goes. */
async function run(conv: Conversation, action: Action, draft: string, api: ComposerAPI, style?: Style) {
  ensure(conv.id);
  stream?.abort();
  const ctrl = (stream = new AbortController());
  const provider = features.value?.provider ?? "offline";
  const feature: AIOrigin["feature"] = action === "suggest" ? "suggestion" : action;
  set({
    menu: false,
    running: action,
    error: "",
    summary: action === "summary" ? { text: "", provider } : st.value.summary,
    candidates: action === "suggest" ? { items: [], provider, done: false } : null,
  });
  let out = "";
  try {
    await events(`/conversations/${conv.id}/copilot`, { action, style: style ?? "", draft }, ctrl.signal, (event, data) => {
      if (ctrl.signal.aborted) return;
      const s = st.value;
      switch (event) {
        case "delta":
          out += data.text ?? "";
          if (action === "summary") set({ summary: { text: out, provider: s.summary?.provider ?? provider } });
          else {
            // A suggested or rewritten reply takes the draft's place, piece by piece.
            set({ undo: draft, produced: out, origin: { feature, provider: s.origin?.provider ?? provider }, candidates: null });
            api.setText(out);
          }
          break;
        case "suggestion":
          if (s.candidates) set({ candidates: { ...s.candidates, items: [...s.candidates.items, data as Candidate] } });
          break;
        case "done": {
          const p = data.provider || provider;
          if (s.summary && action === "summary") set({ summary: { ...s.summary, provider: p } });
          if (s.origin && action !== "summary" && out) set({ origin: { ...s.origin, provider: p } });
          if (s.candidates) set({ candidates: { ...s.candidates, provider: p, done: true } });
          break;
        }
        case "error":
          throw failure(500, { error: data }, data?.message ?? "");
      }
    });
  } catch (e) {
    if (!ctrl.signal.aborted) set({ error: problem(e).message });
  } finally {
    if (stream === ctrl) {
      stream = null;
      const c = st.value.candidates;
      set({ running: "", candidates: c && { ...c, done: true } });
    }
  }
}

/** Opens the Assistant menu (Ctrl+J in the composer). */
export function openMenu(conv: Conversation) {
  ensure(conv.id);
  set({ menu: true });
}

/** The assistant's fields for the message about to be sent (MessageCreate.ai). */
export function extras(conv: Conversation): { ai?: AIOrigin } {
  return st.value.origin && st.value.conv === conv.id ? { ai: st.value.origin } : {};
}

/** Forgets what the sent message carried. */
export function sent() {
  set({ origin: null, produced: "", undo: null, preview: null });
}

/** Whether the assistant is writing the draft now: it is not sent until the agent stops it or it ends. */
export function writing(conv: Conversation): boolean {
  const s = st.value;
  return s.conv === conv.id && (s.running === "suggest" || s.running === "rewrite") && s.origin !== null;
}

/** The send button's label when the reply goes through a translation first, else null. */
export function sendLabel(conv: Conversation, note: boolean): string | null {
  return st.value.sendIn && st.value.conv === conv.id && sendLanguage(conv, note) ? t("translate.check") : null;
}

/**
 * Takes a send over when the reply goes out in the customer's language: it is translated first
 * and shown for the agent to check (then the preview's button sends it); holds it while the
 * assistant is still writing the draft. True when it took it.
 */
export function divert(conv: Conversation, body: string, note: boolean): boolean {
  ensure(conv.id);
  if (writing(conv)) return true;
  const lang = st.value.sendIn ? sendLanguage(conv, note) : "";
  if (!lang || !body) return false;
  if (st.value.preview?.busy) return true; // a second Enter while it translates
  set({ preview: { original: body, text: "", language: lang, provider: "", busy: true }, error: "" });
  post<{ text: string; language: string; provider: string }>(`/conversations/${conv.id}/translate-draft`, { text: body, language: lang }).then(
    (r) => st.value.preview?.original === body && set({ preview: { original: body, text: r.text, language: r.language || lang, provider: r.provider, busy: false } }),
    (e) => set({ preview: null, error: problem(e).message }),
  );
  return true;
}

const sparkle = "M12 3l1.8 4.7L18.5 9.5l-4.7 1.8L12 16l-1.8-4.7L5.5 9.5l4.7-1.8zM19 15l.8 2.2L22 18l-2.2.8L19 21l-.8-2.2L16 18l2.2-.8z";

/** The Assistant button and its menu, in the composer's bar. */
export function AssistantMenu(props: { conv: Conversation; note: boolean; text: string; api: ComposerAPI }) {
  const offered = copilotOffered(props.conv);
  const box = useRef<HTMLDivElement>(null);
  const open = st.value.menu && st.value.conv === props.conv.id;
  useLayoutEffect(() => {
    if (!open) return;
    box.current?.querySelector<HTMLElement>(".menu button:not(:disabled)")?.focus();
    const outside = (e: MouseEvent) => box.current?.contains(e.target as Node) || set({ menu: false });
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [open]);
  if (!offered.summary && !offered.suggest && !offered.rewrite) return null;
  const close = () => {
    set({ menu: false });
    box.current?.querySelector<HTMLElement>("[data-menu=assistant]")?.focus();
  };
  const keys = (e: KeyboardEvent) => {
    if (!open) return;
    if (e.key === "Escape") {
      e.stopPropagation();
      close();
      return;
    }
    const items = Array.from(box.current!.querySelectorAll<HTMLElement>(".menu > button:not(:disabled)"));
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || !items.length) return;
    e.preventDefault();
    items[(to + items.length) % items.length]!.focus();
  };
  const draft = props.text.trim();
  const go = (action: Action, style?: Style) => () => {
    props.api.focus();
    void run(props.conv, action, draft, props.api, style);
  };
  return (
    <div class="menu-anchor" ref={box} onKeyDown={keys}>
      <button
        class="ghost assistant-button"
        data-menu="assistant"
        aria-label={t("ai.assistant")}
        title={t("ai.menuHint")}
        aria-haspopup="menu"
        aria-expanded={open}
        aria-keyshortcuts="Control+J"
        disabled={!!st.value.running}
        onClick={() => (open ? close() : openMenu(props.conv))}
      >
        <Icon d={sparkle} />
      </button>
      {open && (
        <div class="menu" role="menu" aria-label={t("ai.assistant")}>
          {offered.summary && (
            <button role="menuitem" onClick={go("summary")}>
              {t("ai.summary")}
            </button>
          )}
          {offered.suggest && !props.note && (
            <button role="menuitem" onClick={go("suggest")}>
              {t("ai.suggest")}
            </button>
          )}
          {offered.rewrite && (
            <>
              <div class="menu-sep" role="presentation">
                {t("ai.rewrite")}
              </div>
              {(["shorter", "friendlier", "formal", "grammar"] as const).map((s) => (
                <button role="menuitem" disabled={!draft} title={draft ? undefined : t("ai.rewriteEmpty")} onClick={go("rewrite", s)}>
                  {t(`ai.rewrite.${s}`)}
                </button>
              ))}
            </>
          )}
        </div>
      )}
    </div>
  );
}

/** "Send in Spanish": a toggle beside Reply and Note when the customer writes in another language. */
export function SendIn(props: { conv: Conversation; note: boolean }) {
  const lang = sendLanguage(props.conv, props.note);
  if (!lang) return null;
  const name = languageName(lang);
  const on = st.value.sendIn && st.value.conv === props.conv.id;
  return (
    <button
      class={"ghost send-in" + (on ? " on" : "")}
      aria-pressed={on}
      title={t("translate.sendInHint", { language: name })}
      onClick={() => {
        ensure(props.conv.id);
        set({ sendIn: !on, preview: null });
      }}
    >
      <Icon d={globe} size={16} /> {t("translate.sendIn", { language: name })}
    </button>
  );
}

const globe = "M12 21a9 9 0 100-18 9 9 0 000 18zM3 12h18M12 3c2.5 2.5 3.5 5.5 3.5 9s-1 6.5-3.5 9c-2.5-2.5-3.5-5.5-3.5-9s1-6.5 3.5-9z";

/**
 * Above the composer's field: the stream under way (with Stop), an error, the summary, the offline
 * suggestions to pick from, the mark on what the assistant wrote (with Undo), and the translation
 * to check before it is sent.
 */
export function AssistantPanel(props: { conv: Conversation; note: boolean; text: string; api: ComposerAPI }) {
  const s = st.value;
  const { conv, text, api } = props;
  useLayoutEffect(() => ensure(conv.id), [conv.id]);
  useEffect(() => () => stream?.abort(), []);
  useEffect(() => {
    // The agent typing over a reply being written stops it; an emptied draft forgets its maker;
    // a changed text takes the translation to check away.
    if (s.running && s.running !== "summary" && s.origin && text !== s.produced) stream?.abort();
    if (!text.trim() && s.origin && !s.running) set({ origin: null, produced: "", undo: null });
    if (s.preview && !s.preview.busy && text.trim() !== s.preview.original) set({ preview: null });
  }, [text]);
  if (s.conv !== conv.id) return null;
  const marked = s.origin && text === s.produced && text !== "";
  const replace = (value: string, origin: AIOrigin) => {
    set({ undo: text, produced: value, origin, candidates: null });
    api.setText(value);
    api.focus();
  };
  const c = s.candidates;
  return (
    <div class="assistant-panel">
      {s.running && (
        <div class="assistant-working" role="status">
          <span class="assistant-dot" aria-hidden="true" />
          <span>{t(`ai.working.${s.running}`)}</span>
          <button class="ghost small" onClick={() => stream?.abort()}>
            {t("ai.stop")}
          </button>
        </div>
      )}
      {s.error && (
        <p class="form-error" role="alert">
          {s.error}
        </p>
      )}
      {s.summary && (
        <section class="assistant-card summary" aria-label={t("ai.summaryTitle")}>
          <header>
            <strong>{t("ai.summaryTitle")}</strong>
            <span class="ai-by">{t("ai.by.summary", { provider: providerName(s.summary.provider) })}</span>
            <button class="icon" aria-label={t("action.close")} onClick={() => set({ summary: null })}>
              ×
            </button>
          </header>
          <p class="assistant-text">{s.summary.text || "…"}</p>
          {s.running !== "summary" && s.summary.text && (
            <div class="assistant-actions">
              <CopyButton text={s.summary.text} class="ghost small" />
              <button
                class="ghost small"
                onClick={() => {
                  api.setNote(true);
                  replace(s.summary!.text, { feature: "summary", provider: s.summary!.provider });
                  set({ summary: null });
                }}
              >
                {t("ai.insertNote")}
              </button>
            </div>
          )}
        </section>
      )}
      {c && (c.items.length > 0 || c.done) && (
        <section class="assistant-card" aria-label={t("ai.suggestions")}>
          <header>
            <strong>{t("ai.suggestions")}</strong>
            <span class="ai-by">{providerName(c.provider)}</span>
            <button class="icon" aria-label={t("action.close")} onClick={() => set({ candidates: null })}>
              ×
            </button>
          </header>
          {c.items.length ? (
            <ul class="assistant-candidates">
              {c.items.map((x) => (
                <li>
                  <button class="candidate" aria-label={t("ai.use") + ": " + x.text.slice(0, 80)} onClick={() => replace(x.text, { feature: "suggestion", provider: c.provider })}>
                    <span class="candidate-source">
                      {t(x.source === "canned" ? "ai.source.canned" : "ai.source.resolved")}
                      {x.title ? ` · ${x.title}` : ""}
                    </span>
                    <span class="candidate-text">{x.text}</span>
                  </button>
                </li>
              ))}
            </ul>
          ) : (
            <p class="muted small">{t("ai.noSuggestion")}</p>
          )}
        </section>
      )}
      {marked && (
        <div class="ai-draft-mark" data-testid="ai-mark">
          <Icon d={sparkle} size={14} />
          <span>
            {t(`ai.by.${s.origin!.feature as "suggestion" | "rewrite" | "summary"}`, { provider: providerName(s.origin!.provider) })}. {t("ai.review")}
          </span>
          {s.undo !== null && !s.running && (
            <button
              class="link small"
              onClick={() => {
                api.setText(s.undo!);
                set({ origin: null, produced: "", undo: null });
                api.focus();
              }}
            >
              {t("ai.undo")}
            </button>
          )}
        </div>
      )}
      {s.preview && <Preview conv={conv} api={api} />}
    </div>
  );
}

/** The reply in the customer's language, to check and edit, and the button that sends it. */
function Preview(props: { conv: Conversation; api: ComposerAPI }) {
  const p = st.value.preview!;
  const name = languageName(p.language);
  const field = useRef<HTMLTextAreaElement>(null);
  useEffect(() => {
    if (!p.busy) field.current?.focus();
  }, [p.busy]);
  const send = () => {
    const translation: SentTranslation = { language: language.value, text: p.original, provider: p.provider };
    props.api.send({ text: p.text, extra: { translation } });
  };
  return (
    <section class="assistant-card translation-preview" aria-label={t("translate.previewTitle", { language: name })} aria-busy={p.busy}>
      <header>
        <strong>{t("translate.previewTitle", { language: name })}</strong>
        <button class="icon" aria-label={t("action.close")} onClick={() => set({ preview: null })}>
          ×
        </button>
      </header>
      {p.busy ? (
        <p class="muted" role="status">
          {t("translate.translating")}
        </p>
      ) : (
        <>
          <p class="muted small">{t("translate.previewHint", { provider: providerName(p.provider) })}</p>
          <textarea
            ref={field}
            rows={3}
            lang={p.language}
            aria-label={t("translate.previewTitle", { language: name })}
            value={p.text}
            onInput={(e) => set({ preview: { ...p, text: e.currentTarget.value } })}
            onKeyDown={(e) => {
              if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
                e.preventDefault();
                if (p.text.trim()) send();
              }
            }}
          />
          <p class="muted small translation-original">
            {t("translate.youWrote")}: {p.original}
          </p>
          <div class="assistant-actions">
            <button class="primary" disabled={!p.text.trim()} onClick={send}>
              {t("translate.sendIn", { language: name })}
            </button>
          </div>
        </>
      )}
    </section>
  );
}
