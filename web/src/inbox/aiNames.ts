// How the assistant's outputs name what made them and the languages they read, in the agent's
// language: shared by the analysis note, the translations, the copilot, the list's filters and
// the rule builder.
import { language, t } from "../i18n";

/** How an output names its maker: "Built-in (offline)", a model's name, a translation engine. */
export function providerName(p: string): string {
  if (!p || p === "offline") return t("ai.offline");
  if (p.startsWith("openai:")) return p.slice(7) || "OpenAI";
  return ({ apertium: "Apertium", libretranslate: "LibreTranslate" } as Record<string, string>)[p] ?? p;
}

/** A language's name in the agent's language ("es" → "Spanish"), the code when unknown. */
export function languageName(code: string | undefined): string {
  if (!code) return t("ai.unknownLanguage");
  try {
    return new Intl.DisplayNames([language.value], { type: "language" }).of(code) ?? code;
  } catch {
    return code;
  }
}
