// How the reports write their figures: counts and rates with the agent's language's digits,
// durations in at most two units ("1 h 15 min", "3 d 17 h"), dates short, and the change
// against the previous period.
import { language, t } from "../i18n";
import type { Duration, Hours } from "./model";

/** A count in the agent's language. */
export const num = (n: number) => new Intl.NumberFormat(language.value).format(n);

/** A rate (0–1) as a percentage. */
export const pct = (r: number) => new Intl.NumberFormat(language.value, { style: "percent", maximumFractionDigits: 1 }).format(r);

/** A CSAT score (mean rating 1–5), one decimal; a dash when none. */
export const score = (s: number) => (s ? new Intl.NumberFormat(language.value, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(s) : "—");

/** Seconds as a human duration: at most two units, down to the second under a minute. */
export function dur(seconds: number): string {
  const s = Math.max(0, Math.round(seconds));
  const d = Math.floor(s / 86400);
  const h = Math.floor((s % 86400) / 3600);
  const m = Math.floor((s % 3600) / 60);
  const parts: string[] = [];
  if (d > 0) parts.push(t("reports.unit.d", { n: num(d) }), h > 0 ? t("reports.unit.h", { n: num(h) }) : "");
  else if (h > 0) parts.push(t("reports.unit.h", { n: num(h) }), m > 0 ? t("reports.unit.min", { n: num(m) }) : "");
  else if (m > 0) parts.push(t("reports.unit.min", { n: num(m) }), m < 10 && s % 60 > 0 ? t("reports.unit.s", { n: num(s % 60) }) : "");
  else parts.push(t("reports.unit.s", { n: num(s) }));
  return parts.filter(Boolean).join(" ");
}

/** A duration figure's median or p90 in the hours chosen; a dash when nothing was measured. */
export function stat(d: Duration | undefined, hours: Hours, which: "median" | "p90"): string {
  const x = d?.[hours];
  return x && x.count > 0 ? dur(x[which]) : "—";
}

/** A YYYY-MM-DD date, short ("7 Dec"), in the agent's language. */
export function shortDay(day: string, withYear = false): string {
  const [y, m, d] = day.split("-").map(Number);
  return new Intl.DateTimeFormat(language.value, { day: "numeric", month: "short", year: withYear ? "numeric" : undefined, timeZone: "UTC" }).format(
    Date.UTC(y!, m! - 1, d!),
  );
}

/** The weekday names, Monday first, short. */
export function weekdays(): string[] {
  const f = new Intl.DateTimeFormat(language.value, { weekday: "short", timeZone: "UTC" });
  return [0, 1, 2, 3, 4, 5, 6].map((i) => f.format(Date.UTC(2024, 0, 1 + i))); // 1 Jan 2024 was a Monday
}

/** Which way a figure is better: higher (resolutions), lower (durations, breaches), or neither
 *  (conversations opened, customers' messages: more work, not worse work). */
export type Better = "higher" | "lower" | "neutral";

/** A change from before to now: its text ("+12 %", "−3 min") and whether it is better, worse, the
 *  same, or just different (neutral figures). */
export function change(now: number, before: number, kind: "count" | "rate" | "duration" | "score", better: Better = "higher"): { text: string; tone: "better" | "worse" | "same" | "neutral" } | null {
  if (!Number.isFinite(now) || !Number.isFinite(before)) return null;
  const diff = now - before;
  if (Math.abs(diff) < 1e-9) return { text: t("reports.same"), tone: "same" };
  const sign = diff > 0 ? "+" : "−";
  let text: string;
  switch (kind) {
    case "rate":
      text = sign + new Intl.NumberFormat(language.value, { maximumFractionDigits: 1 }).format(Math.abs(diff) * 100) + " " + t("reports.points");
      break;
    case "duration":
      text = sign + dur(Math.abs(diff));
      break;
    case "score":
      text = sign + new Intl.NumberFormat(language.value, { maximumFractionDigits: 2 }).format(Math.abs(diff));
      break;
    default:
      text = before ? sign + pct(Math.abs(diff) / before) : sign + num(Math.abs(diff));
  }
  if (better === "neutral") return { text, tone: "neutral" };
  return { text, tone: (better === "lower" ? diff < 0 : diff > 0) ? "better" : "worse" };
}
