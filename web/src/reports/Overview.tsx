// Reports › Overview: the period's headline figures (with their change against the previous
// period when compared), conversations opened and resolved per day with the backlog, the
// durations in calendar and business hours, and the busiest hours.
import { t, type Key } from "../i18n";
import { DailyChart, Figure, HeatMap } from "./charts";
import { dur, num, pct, score, shortDay, stat, weekdays, type Better } from "./format";
import { apiQuery, csvURL, rateBase, type Figures, type Filters, type Overview as OverviewData } from "./model";
import { Card, Change, DataTable } from "./parts";

type Kind = "count" | "rate" | "duration" | "score";
/** The cards come in three rows of meaning: how much, how fast, how well. */
type Group = "volume" | "speed" | "quality";
const groups: Group[] = ["volume", "speed", "quality"];

/** A headline figure: how to read it from Figures, show it, and compare it. */
interface KPI {
  id: string;
  group: Group;
  label: Key;
  value: (f: Figures, h: Filters["hours"]) => number;
  show: (n: number, f: Figures) => string;
  kind: Kind;
  better?: Better;
  /** Whether a period measured this figure at all (no change is shown against one that did not). */
  has?: (f: Figures) => boolean;
}

const median = (k: "first_response" | "reply" | "resolution", which: "median" | "p90" = "median") => (f: Figures, h: Filters["hours"]) => f[k][h][which];
const durShow = (k: "first_response" | "reply" | "resolution") => (n: number, f: Figures) => (f[k].calendar.count ? dur(n) : "—");
const measured = (k: "first_response" | "reply" | "resolution") => (f: Figures) => f[k].calendar.count > 0;

const kpis: KPI[] = [
  { id: "opened", group: "volume", label: "reports.fig.opened", value: (f) => f.opened, show: num, kind: "count", better: "neutral" },
  { id: "resolved", group: "volume", label: "reports.fig.resolved", value: (f) => f.resolved, show: num, kind: "count" },
  { id: "reopened", group: "volume", label: "reports.fig.reopened", value: (f) => f.reopened, show: num, kind: "count", better: "lower" },
  { id: "resolution_rate", group: "volume", label: "reports.fig.resolutionRate", value: (f) => f.resolution_rate, show: (n, f) => (rateBase(f) ? pct(n) : "—"), kind: "rate", has: (f) => rateBase(f) > 0 },
  { id: "first_response", group: "speed", label: "reports.fig.firstResponse", value: median("first_response"), show: durShow("first_response"), kind: "duration", better: "lower", has: measured("first_response") },
  { id: "first_response_p90", group: "speed", label: "reports.fig.firstResponseP90", value: median("first_response", "p90"), show: durShow("first_response"), kind: "duration", better: "lower", has: measured("first_response") },
  { id: "reply", group: "speed", label: "reports.fig.reply", value: median("reply"), show: durShow("reply"), kind: "duration", better: "lower", has: measured("reply") },
  { id: "resolution", group: "speed", label: "reports.fig.resolution", value: median("resolution"), show: durShow("resolution"), kind: "duration", better: "lower", has: measured("resolution") },
  { id: "resolved_no_reply", group: "volume", label: "reports.fig.noReply", value: (f) => f.resolved_no_reply, show: num, kind: "count", better: "neutral" },
  { id: "sla_met", group: "quality", label: "reports.fig.slaMet", value: (f) => f.sla_met, show: num, kind: "count" },
  { id: "sla_breached", group: "quality", label: "reports.fig.slaBreached", value: (f) => f.sla_breached, show: num, kind: "count", better: "lower" },
  { id: "csat_score", group: "quality", label: "reports.fig.csat", value: (f) => f.csat_score, show: score, kind: "score", has: (f) => f.csat_rated > 0 },
  { id: "csat_response_rate", group: "quality", label: "reports.fig.csatResponse", value: (f) => f.csat_response_rate, show: (n, f) => (f.csat_sent ? pct(n) : "—"), kind: "rate", has: (f) => f.csat_sent > 0 },
  { id: "messages_in", group: "volume", label: "reports.fig.messagesIn", value: (f) => f.messages_in, show: num, kind: "count", better: "neutral" },
  { id: "messages_out", group: "volume", label: "reports.fig.messagesOut", value: (f) => f.messages_out, show: num, kind: "count" },
];

const durations: [Key, "first_response" | "reply" | "resolution"][] = [
  ["reports.fig.firstResponse", "first_response"],
  ["reports.fig.reply", "reply"],
  ["reports.fig.resolution", "resolution"],
];

/** The Overview tab for an answer already loaded. */
export function Overview(props: { data: OverviewData; f: Filters }) {
  const { data, f } = props;
  const q = apiQuery(f);
  const days = data.days ?? [];
  const prev = data.previous ?? undefined;
  const names = weekdays();
  const heat = data.heat_opened ?? [];
  return (
    <div class="report-overview">
      {prev && data.previous_from && (
        <p class="muted report-prev">{t("reports.previousWas", { from: shortDay(data.previous_from, true), to: shortDay(data.previous_to ?? data.previous_from, true) })}</p>
      )}
      {groups.map((g) => (
        <section class="kpi-group" aria-label={t(("reports.group." + g) as Key)}>
          <h2 class="kpi-group-title">{t(("reports.group." + g) as Key)}</h2>
          <div class="kpis">
            {kpis
              .filter((k) => k.group === g)
              .map((k) => {
                const v = k.value(data.figures, f.hours);
                return (
                  <Card id={k.id} label={t(k.label)} value={k.show(v, data.figures)}>
                    {prev && (!k.has || (k.has(data.figures) && k.has(prev))) && <Change now={v} before={k.value(prev, f.hours)} kind={k.kind} better={k.better} />}
                  </Card>
                );
              })}
          </div>
        </section>
      ))}

      <Figure title={t("reports.perDay")} id="days">
        <DailyChart days={days} label={t("reports.perDayLabel", { from: shortDay(data.from, true), to: shortDay(data.to, true) })} />
        <DataTable
          id="days"
          caption={t("reports.perDay")}
          csv={csvURL("overview", q, "days")}
          empty={!days.length}
          heads={[t("reports.day"), t("reports.fig.opened"), t("reports.fig.resolved"), t("reports.fig.reopened"), t("reports.backlog"), t("reports.fig.messagesIn"), t("reports.fig.messagesOut")]}
        >
          {days.map((d) => (
            <tr>
              <th scope="row">{shortDay(d.day)}</th>
              <td class="num">{num(d.opened)}</td>
              <td class="num">{num(d.resolved)}</td>
              <td class="num">{num(d.reopened)}</td>
              <td class="num">{num(d.backlog)}</td>
              <td class="num">{num(d.messages_in)}</td>
              <td class="num">{num(d.messages_out)}</td>
            </tr>
          ))}
        </DataTable>
      </Figure>

      <Figure title={t("reports.durations")} id="durations">
        <DataTable
          id="durations"
          caption={t("reports.durations")}
          csv={csvURL("overview", q, "summary")}
          heads={[t("reports.figure"), t("reports.count"), t("reports.medianCal"), t("reports.p90Cal"), t("reports.medianBiz"), t("reports.p90Biz")]}
        >
          {durations.map(([label, k]) => {
            const d = data.figures[k];
            return (
              <tr data-duration={k}>
                <th scope="row">{t(label)}</th>
                <td class="num">{num(d.calendar.count)}</td>
                <td class="num">{stat(d, "calendar", "median")}</td>
                <td class="num">{stat(d, "calendar", "p90")}</td>
                <td class="num">{stat(d, "business", "median")}</td>
                <td class="num">{stat(d, "business", "p90")}</td>
              </tr>
            );
          })}
        </DataTable>
      </Figure>

      <Figure title={t("reports.heat")} id="heat">
        <HeatMap heat={heat} label={t("reports.heatLabel")} />
        <DataTable id="heat" caption={t("reports.heat")} csv={csvURL("overview", q, "heat")} heads={[t("reports.weekday"), ...Array.from({ length: 24 }, (_, h) => String(h))]}>
          {names.map((n, d) => (
            <tr>
              <th scope="row">{n}</th>
              {Array.from({ length: 24 }, (_, h) => (
                <td class="num">{num(heat[d]?.[h] ?? 0)}</td>
              ))}
            </tr>
          ))}
        </DataTable>
      </Figure>
    </div>
  );
}
