// The assistant as the inbox offers it, in the main bundle: what the workspace switched on
// (GET /assistant/features, loaded at sign-in), what an inbox turned off,
// how an output names its provider, and the chunks of the composer's copilot (Copilot.tsx) and
// of the thread's translations (Translate.tsx), fetched when a conversation needs them.
import { language } from "../i18n";
import { assistantFeatures, inboxById, loadAssistantFeatures } from "../state";
import { onEvent } from "../stream";
import type { AssistantFeatures, Conversation } from "../types";
import { lazyChunk } from "./chunk";
export { languageName, providerName } from "./aiNames";
import { threadMessages } from "./Thread";

/** The workspace's assistant features (loaded at sign-in, see state.ts); null: nothing is offered. */
export const features = assistantFeatures;

// Admins change the switches in Settings; an inbox's own arrive with the inbox.
onEvent((e) => (e.type === "inbox.changed" || e.type === "assistant.changed") && void loadAssistantFeatures());

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

/** The composer's copilot and send-in-the-customer's-language chunk. */
export const useCopilot = lazyChunk(() => import("./Copilot"));
/** The thread's translations chunk. */
export const useTranslate = lazyChunk(() => import("./Translate"));
