// UI text in the agent's language. English is the source: every key lives in i18n/en.ts; another
// language's missing key falls back to English.
import { signal } from "@preact/signals";
import { en, type Key } from "./i18n/en";
import { it } from "./i18n/it";
import { es } from "./i18n/es";
import { fr } from "./i18n/fr";
import { pt } from "./i18n/pt";

export type { Key };
export const languages = { en: "English", it: "Italiano", es: "Español", fr: "Français", pt: "Português" } as const;
export type Language = keyof typeof languages;

const dictionaries: Record<Language, Partial<Record<Key, string>>> = { en, it, es, fr, pt };

/** The language the UI speaks now. */
export const language = signal<Language>(pick(navigator.language));

/** The supported language closest to tag ("pt-BR" → "pt"), English when none is. */
export function pick(tag: string | undefined): Language {
  const base = (tag ?? "").toLowerCase().split("-")[0];
  return base in languages ? (base as Language) : "en";
}

export function setLanguage(tag: string | undefined) {
  language.value = tag ? pick(tag) : pick(navigator.language);
  document.documentElement.lang = language.value;
}

/** Translates key, filling {name} placeholders from vars. */
export function t(key: Key, vars?: Record<string, string | number>): string {
  let s = dictionaries[language.value][key] ?? en[key];
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
