// The assistant as the inbox offers it, in the main bundle: what the workspace switched on
// (GET /assistant/features, loaded once an agent opens a conversation), what an inbox turned off,
// how an output names its provider, and the chunks of the composer's copilot (Copilot.tsx) and
// of the thread's translations (Translate.tsx), fetched when a conversation needs them.
import { signal } from "@preact/signals";
import { get } from "../api";
import { language, t } from "../i18n";
import { inboxById } from "../state";
import { onEvent } from "../stream";
import type { AssistantFeatures, Conversation } from "../types";
import { lazyChunk } from "./chunk";
import { threadMessages } from "./Thread";

/** The workspace's assistant features; null until loaded (nothing is offered meanwhile). */
export const features = signal<AssistantFeatures | null>(null);

let loading = false;
/** Loads the features once (again after a change to the inboxes or a failed load). */
export function loadFeatures(again = false) {
  if ((features.value && !again) || loading) return;
  loading = true;
  get<AssistantFeatures>("/assistant/features")
    .then((f) => (features.value = f))
    .catch(() => {}) // offered nothing until the next try
    .finally(() => (loading = false));
}
// Admins change the switches in Settings; an inbox's own arrive with the inbox.
onEvent((e) => e.type === "inbox.changed" && features.value && loadFeatures(true));

/** Whether the conversation's inbox lets feature work (absent: it follows the workspace). */
export function inboxAllows(conv: Conversation, feature: "copilot" | "translation" | "analysis"): boolean {
  return inboxById.value.get(conv.inbox_id)?.assistant?.[feature] !== false;
}

/** The copilot's actions offered in the conversation's composer. */
export function copilotOffered(conv: Conversation): AssistantFeatures["copilot"] {
  const f = features.value;
  const on = !!f && inboxAllows(conv, "copilot");
  return { summary: on && f!.copilot.summary, suggest: on && f!.copilot.suggest, rewrite: on && f!.copilot.rewrite };
}

/** Whether texts in lang are translated for this agent in the conversation. */
export function translates(conv: Conversation | null | undefined, lang: string | undefined): boolean {
  const f = features.value?.translation;
  if (!conv || !lang || !f?.enabled || !inboxAllows(conv, "translation")) return false;
  return lang !== language.value && (!f.languages?.length || (f.languages.includes(lang) && f.languages.includes(language.value)));
}

/** The language the customer writes in: the conversation's, else their latest message's. */
export function customerLanguage(conv: Conversation): string {
  if (conv.language) return conv.language;
  const thread = threadMessages.value.id === conv.id ? threadMessages.value.msgs : [];
  for (let i = thread.length - 1; i >= 0; i--) if (thread[i]!.direction === "incoming" && thread[i]!.language) return thread[i]!.language!;
  return "";
}

/** How an output names its maker: "Built-in (offline)", a model's name, a translation engine. */
export function providerName(p: string): string {
  if (!p || p === "offline") return t("ai.offline");
  if (p.startsWith("openai:")) return p.slice(7) || "OpenAI";
  return ({ apertium: "Apertium", libretranslate: "LibreTranslate" } as Record<string, string>)[p] ?? p;
}

/** A language's name in the agent's language ("es" → "Spanish"), the code when unknown. */
export function languageName(code: string): string {
  try {
    return new Intl.DisplayNames([language.value], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}

/** The composer's copilot and send-in-the-customer's-language chunk. */
export const useCopilot = lazyChunk(() => import("./Copilot"));
/** The thread's translations chunk. */
export const useTranslate = lazyChunk(() => import("./Translate"));
