// Translations in the thread, a chunk of its own (inbox/assistant.ts loads it when a message
// needs one): a customer's message in another language than the agent's shows translated, with
// "Translated from Spanish by Apertium" and a toggle to the original; a reply written in the
// agent's language and sent in the customer's shows what the agent wrote, with a toggle to what
// was sent. The toggle holds for the whole conversation, and is remembered per conversation.
// Translations come from the conversation's cache (GET …/translations, once), and are asked
// for (POST /messages/{id}/translation) only for messages that scroll into view.
import type { ComponentChildren } from "preact";
import { signal } from "@preact/signals";
import { useEffect, useRef } from "preact/hooks";
import { get, post, query } from "../api";
import { language, t } from "../i18n";
import type { Conversation, Message, Translation } from "../types";
import { problem } from "../ui";
import { customerLanguage, languageName, providerName } from "./assistant";

/** Translations by "message id:language", and why one could not be had. */
const cache = signal<Map<string, Translation | { error: string }>>(new Map());
/** The conversations (and languages) whose cached translations were asked for: "conv:lang". */
const fetched = new Map<string, Promise<void>>();
const asked = new Set<string>();

const remembered = "switchboard.originals";
/** The conversations shown as the customer sees them (originals), remembered across visits. */
const originals = signal<number[]>(read());
function read(): number[] {
  try {
    const v = JSON.parse(localStorage.getItem(remembered) ?? "[]");
    return Array.isArray(v) ? v.filter((x) => typeof x === "number") : [];
  } catch {
    return [];
  }
}
function toggle(conv: number) {
  const now = originals.value.includes(conv) ? originals.value.filter((x) => x !== conv) : [...originals.value, conv].slice(-200);
  originals.value = now;
  try {
    localStorage.setItem(remembered, JSON.stringify(now));
  } catch {
    // private mode: remembered for this visit only
  }
}

function put(key: string, v: Translation | { error: string }) {
  cache.value = new Map(cache.value).set(key, v);
}

/** Loads the conversation's cached translations into lang, once. */
function cached(conv: number, lang: string): Promise<void> {
  const k = `${conv}:${lang}`;
  let p = fetched.get(k);
  if (!p) {
    p = get<Translation[] | { items: Translation[] }>(`/conversations/${conv}/translations${query({ language: lang })}`).then(
      (r) => {
        const next = new Map(cache.value);
        for (const x of Array.isArray(r) ? r : (r?.items ?? [])) next.set(`${x.message_id}:${x.language}`, x);
        cache.value = next;
      },
      () => void fetched.delete(k), // tried again by the next message shown
    );
    fetched.set(k, p);
  }
  return p;
}

/** Asks for a message's translation into lang (from the server's cache or its engine). */
function translate(id: number, lang: string) {
  const key = `${id}:${lang}`;
  if (asked.has(key)) return;
  asked.add(key);
  post<Translation>(`/messages/${id}/translation`, { language: lang }).then(
    (x) => put(key, x),
    (e) => {
      asked.delete(key);
      put(key, { error: problem(e).message });
    },
  );
}

/** A message's text with its translation (incoming) or what its author wrote (a translated reply). */
export function Translated(props: { m: Message; conv: Conversation; children: ComponentChildren }) {
  const original = originals.value.includes(props.conv.id);
  return props.m.direction === "incoming" ? <Incoming {...props} original={original} /> : <SentTranslated {...props} original={original} />;
}

/** A customer's message translated into the agent's language, or (original) as they wrote it. */
function Incoming(props: { m: Message; conv: Conversation; original: boolean; children: ComponentChildren }) {
  const { m, conv, original } = props;
  const lang = language.value;
  const key = `${m.id}:${lang}`;
  const tr = cache.value.get(key);
  const box = useRef<HTMLDivElement>(null);
  // Asked for once the conversation's cache was read and the message is in view.
  useEffect(() => {
    if (tr && !("error" in tr)) return;
    const el = box.current;
    let alive = true;
    let seen: IntersectionObserver | undefined;
    void cached(conv.id, lang).then(() => {
      if (!alive || cache.value.get(key)) return;
      if (!el || typeof IntersectionObserver === "undefined") return translate(m.id, lang);
      seen = new IntersectionObserver((entries) => {
        if (entries.some((e) => e.isIntersecting)) {
          seen?.disconnect();
          translate(m.id, lang);
        }
      });
      seen.observe(el);
    });
    return () => {
      alive = false;
      seen?.disconnect();
    };
  }, [key, !!tr]);
  const from = languageName(m.language ?? "");
  const ready = tr && !("error" in tr) ? tr : null;
  return (
    <div class="translated" ref={box} data-translation={ready ? (original ? "original" : "translated") : "pending"}>
      {ready && !original ? (
        <p class="bubble-text" lang={lang}>
          {ready.text}
        </p>
      ) : (
        props.children
      )}
      <p class="translation-meta">
        {tr && "error" in tr ? (
          <span>
            {t("translate.failed", { reason: tr.error })}{" "}
            <button class="link small" onClick={() => translate(m.id, lang)}>
              {t("action.retry")}
            </button>
          </span>
        ) : !ready ? (
          <span role="status">{t("translate.translating")}</span>
        ) : (
          <>
            <span>{original ? t("translate.original", { language: from }) : t("translate.from", { language: from, provider: providerName(ready.provider) })}</span>
            <button class="link small" aria-pressed={original} onClick={() => toggle(conv.id)}>
              {t(original ? "translate.showTranslation" : "translate.showOriginal")}
            </button>
          </>
        )}
      </p>
    </div>
  );
}

/** A reply sent in the customer's language: what its author wrote, or (original) what was sent. */
function SentTranslated(props: { m: Message; conv: Conversation; original: boolean; children: ComponentChildren }) {
  const s = props.m.content?.translation;
  if (!s) return <>{props.children}</>;
  const sentIn = languageName(customerLanguage(props.conv));
  return (
    <div class="translated" data-translation={props.original ? "original" : "translated"}>
      {props.original ? (
        props.children
      ) : (
        <p class="bubble-text" lang={s.language}>
          {s.text}
        </p>
      )}
      <p class="translation-meta">
        <span>
          {props.original
            ? t("translate.sentText", { language: sentIn })
            : t("translate.sentIn", { written: languageName(s.language), language: sentIn, provider: providerName(s.provider) })}
        </span>
        <button class="link small" aria-pressed={props.original} onClick={() => toggle(props.conv.id)}>
          {t(props.original ? "translate.showWritten" : "translate.showSent")}
        </button>
      </p>
    </div>
  );
}
