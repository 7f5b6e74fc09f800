// UI text in the agent's language. English is the source: every key lives in i18n/en.ts (and
// en-settings.ts), and every other language must translate every key: the type checker refuses a
// dictionary with a missing or an unknown one.
import { signal } from "@preact/signals";
import { en, type Key } from "./i18n/en";

export type { Key };
export const languages = { en: "English", it: "Italiano", es: "Español", fr: "Français", pt: "Português" } as const;
export type Language = keyof typeof languages;

// English is in the main bundle; each other language is a chunk of its own, fetched when an agent
// first needs it, so nobody downloads four dictionaries they do not read.
const loaders: Record<Exclude<Language, "en">, () => Promise<Record<Key, string>>> = {
  it: () => import("./i18n/it").then((m) => m.it),
  es: () => import("./i18n/es").then((m) => m.es),
  fr: () => import("./i18n/fr").then((m) => m.fr),
  pt: () => import("./i18n/pt").then((m) => m.pt),
};
// English leaves out the texts of the server's problems (it shows the server's own): see has().
const dictionaries: Partial<Record<Language, Partial<Record<Key, string>>>> = { en };

/** The language the UI speaks now. */
export const language = signal<Language>("en");

/** The supported language closest to tag ("pt-BR" → "pt"), English when none is. */
export function pick(tag: string | undefined): Language {
  const base = (tag ?? "").toLowerCase().split("-")[0];
  return base in languages ? (base as Language) : "en";
}

/** Switches the UI to tag's language (the browser's when tag is empty), once its texts are here. */
export async function setLanguage(tag: string | undefined) {
  const l = pick(tag || navigator.language);
  if (!dictionaries[l] && l !== "en") {
    try {
      dictionaries[l] = await loaders[l]();
    } catch {
      return; // offline: keep the current language
    }
  }
  language.value = l;
  document.documentElement.lang = l;
}

/** Adds the English texts a lazy chunk brings (Settings › Rules): English is the main bundle's,
 *  and texts only one screen reads wait for that screen's chunk. Call it as the chunk loads,
 *  before it renders. */
export function addEnglish(texts: Partial<Record<Key, string>>) {
  Object.assign(en, texts);
}

/** Whether the UI's language has a text for key (English has none for the server's problems). */
export function has(key: string): key is Key {
  return key in (dictionaries[language.value] ?? en);
}

/** Translates key, filling {name} placeholders from vars. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = dictionaries[language.value]?.[key] ?? (en as Record<string, string>)[key] ?? key;
  if (vars) for (const [k, v] of Object.entries(vars)) s = s.replaceAll(`{${k}}`, String(v));
  return s;
}

/** Formats a time for a list row: the time today, the weekday this week, else the date. */
export function shortTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "";
  const d = new Date(iso);
  const now = new Date();
  const tz = timeZone || undefined;
  const day = (x: Date) => new Intl.DateTimeFormat("en-CA", { timeZone: tz, dateStyle: "short" }).format(x);
  if (day(d) === day(now)) return new Intl.DateTimeFormat(language.value, { timeZone: tz, timeStyle: "short" }).format(d);
  if (now.getTime() - d.getTime() < 6 * 86400e3)
    return new Intl.DateTimeFormat(language.value, { timeZone: tz, weekday: "short" }).format(d);
  return new Intl.DateTimeFormat(language.value, { timeZone: tz, day: "numeric", month: "short" }).format(d);
}

/** Formats a full date and time in the agent's time zone. */
export function longTime(iso: string | null | undefined, timeZone?: string): string {
  if (!iso) return "";
  return new Intl.DateTimeFormat(language.value, { timeZone: timeZone || undefined, dateStyle: "medium", timeStyle: "short" }).format(
    new Date(iso),
  );
}
