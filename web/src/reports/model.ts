// The reports' data: the JSON of /api/v1/reports/* (root report.go), the filters as the URL
// holds them (/reports/<tab>?from=&to=&slice=&id=&by=&compare=1&hours=&sort=), and the calendar
// arithmetic of the range presets, in the agent's time zone.
import { query } from "../api";
import { params } from "../router";
import { me } from "../state";
import type { Presence } from "../types";

/** One duration figure's summary, in seconds. */
export interface Stat {
  count: number;
  median: number;
  p90: number;
}

/** A duration in calendar time and in business hours. */
export interface Duration {
  calendar: Stat;
  business: Stat;
}

/** ReportFigures: a period's (or a day's) figures for one slice. */
export interface Figures {
  opened: number;
  reopened: number;
  resolved: number;
  resolved_no_reply: number;
  messages_in: number;
  messages_out: number;
  assigned: number;
  handled: number;
  /** Net conversations handed to this agent or team (in less out); 0 for other slices. */
  transferred: number;
  resolution_rate: number;
  first_response: Duration;
  reply: Duration;
  resolution: Duration;
  sla_met: number;
  sla_breached: number;
  csat_sent: number;
  csat_rated: number;
  csat_score: number;
  csat_response_rate: number;
  online_seconds: number;
  away_seconds: number;
}

/** What the resolution rate divides by (docs/reports.md): conversations opened, reopened and,
 * for an agent or a team, handed to them on balance. 0: the rate measured nothing. */
export function rateBase(f: Figures): number {
  return f.opened + f.reopened + Math.max(0, f.transferred ?? 0);
}

export interface Day extends Figures {
  day: string;
  backlog: number;
}

/** Answers that may be in UTC while the asked zone's rows are built. */
interface Zoned {
  zone: string;
  preparing?: string;
  from: string;
  to: string;
}

export interface Overview extends Zoned {
  slice: string;
  id: string;
  figures: Figures;
  previous_from?: string;
  previous_to?: string;
  previous: Figures | null;
  days: Day[] | null;
  heat_opened: number[][];
  heat_messages: number[][];
}

export interface BreakdownRow {
  id: string;
  name: string;
  figures: Figures;
  previous: Figures | null;
}

export interface Breakdown extends Zoned {
  by: string;
  rows: BreakdownRow[] | null;
}

export interface ActivityRow {
  agent_id: number;
  name: string;
  day: string;
  online_seconds: number;
  away_seconds: number;
  handled: number;
  replies: number;
  resolved: number;
}

export interface Activity extends Zoned {
  rows: ActivityRow[] | null;
}

export interface LiveAgent {
  agent_id: number;
  name: string;
  presence: Presence;
  since: string | null;
  open: number;
}

export interface Waiting {
  conversation_id: number;
  inbox_id: number;
  contact_name: string;
  assignee_id: number | null;
  waiting_since: string;
}

export interface Live {
  open: number;
  unassigned: number;
  waiting: Waiting[] | null;
  agents: LiveAgent[] | null;
  at: string;
}

export const tabs = ["overview", "breakdown", "activity", "live"] as const;
export type Tab = (typeof tabs)[number];
export const slices = ["inbox", "channel", "agent", "team", "label"] as const;
export type Slice = (typeof slices)[number];
export type Hours = "calendar" | "business";

/** Whether the signed-in agent sees the whole workspace (admins and supervisors) or only
 *  themselves. */
export const seesAll = () => me.value?.role === "admin" || me.value?.role === "supervisor";

/** The filters, from the URL. */
export interface Filters {
  tab: Tab;
  from: string;
  to: string;
  slice: Slice | "";
  id: string;
  by: Slice;
  compare: boolean;
  hours: Hours;
  sort: string;
}

/** Reads the filters from the URL; from/to are "" when absent (the page then writes defaults). */
export function readFilters(path: string): Filters {
  const q = params();
  const seg = path.split("/")[2] as Tab;
  const tab = tabs.includes(seg) ? seg : "overview";
  const slice = slices.includes(q.get("slice") as Slice) ? (q.get("slice") as Slice) : "";
  const by = slices.includes(q.get("by") as Slice) ? (q.get("by") as Slice) : "agent";
  const f: Filters = {
    tab,
    from: valid(q.get("from")),
    to: valid(q.get("to")),
    slice: slice && q.get("id") ? slice : "",
    id: slice ? q.get("id") ?? "" : "",
    by,
    compare: q.get("compare") === "1",
    hours: q.get("hours") === "business" ? "business" : "calendar",
    sort: q.get("sort") ?? "",
  };
  if (!seesAll()) {
    // An agent sees their own figures only (the API refuses others).
    f.slice = "agent";
    f.id = String(me.value?.id ?? "");
    if (f.tab === "breakdown") f.tab = "overview";
  }
  return f;
}

const valid = (s: string | null) => (s && /^\d{4}-\d{2}-\d{2}$/.test(s) ? s : "");

/** The query of the API call for the filters (format: "csv" for the export link). */
export function apiQuery(f: Filters, extra: Record<string, string | undefined> = {}): string {
  return query({
    from: f.from,
    to: f.to,
    slice: f.slice || undefined,
    id: f.slice ? f.id : undefined,
    compare: f.compare ? 1 : undefined,
    ...extra,
  });
}

/** The URL of a table's CSV: the same query as the figures on screen. */
export const csvURL = (endpoint: string, q: string, table?: string) =>
  `/api/v1/reports/${endpoint}${q}${q ? "&" : "?"}format=csv${table ? "&table=" + table : ""}`;

// ---- Calendar dates as YYYY-MM-DD strings, in the agent's time zone.

/** Today's date in time zone tz. */
export function today(tz: string | undefined): string {
  try {
    return new Intl.DateTimeFormat("en-CA", { timeZone: tz || undefined, year: "numeric", month: "2-digit", day: "2-digit" }).format(new Date());
  } catch {
    return new Date().toISOString().slice(0, 10);
  }
}

const toUTC = (d: string) => Date.UTC(+d.slice(0, 4), +d.slice(5, 7) - 1, +d.slice(8, 10));
const fromUTC = (ms: number) => new Date(ms).toISOString().slice(0, 10);

/** The date n days after d (before when negative). */
export const addDays = (d: string, n: number) => fromUTC(toUTC(d) + n * 86400e3);

/** The days from a to b inclusive. */
export const daysBetween = (a: string, b: string) => Math.round((toUTC(b) - toUTC(a)) / 86400e3) + 1;

/** The weekday of a date, 0 = Monday. */
export const weekday = (d: string) => (new Date(toUTC(d)).getUTCDay() + 6) % 7;

export const presets = ["today", "7d", "30d", "month", "lastMonth"] as const;
export type Preset = (typeof presets)[number];

/** The range a preset stands for, as of today in tz. */
export function presetRange(p: Preset, tz: string | undefined): [string, string] {
  const t = today(tz);
  switch (p) {
    case "today":
      return [t, t];
    case "7d":
      return [addDays(t, -6), t];
    case "30d":
      return [addDays(t, -29), t];
    case "month":
      return [t.slice(0, 8) + "01", t];
    case "lastMonth": {
      const end = addDays(t.slice(0, 8) + "01", -1);
      return [end.slice(0, 8) + "01", end];
    }
  }
}

/** The preset a range is, or "custom". */
export function presetOf(from: string, to: string, tz: string | undefined): Preset | "custom" {
  return presets.find((p) => {
    const [a, b] = presetRange(p, tz);
    return a === from && b === to;
  }) ?? "custom";
}
