// Reports › Breakdown (admins and supervisors): the figures of every inbox, channel, agent, team or
// label side by side, sorted by any column (kept in the URL), each row opening the Overview of
// that slice.
import { t, type Key } from "../i18n";
import { setParams } from "../router";
import { channelName } from "../ui";
import { dur, num, pct, score, type Better } from "./format";
import { apiQuery, csvURL, rateBase, slices, type Breakdown as BreakdownData, type Figures, type Filters, type Slice } from "./model";
import { Change, DataTable, SortHead } from "./parts";

type Kind = "count" | "rate" | "duration" | "score";

interface Col {
  k: string;
  label: Key;
  value: (f: Figures, h: Filters["hours"]) => number;
  show: (n: number, f: Figures) => string;
  kind: Kind;
  better?: Better;
  /** Whether a period measured this figure at all (no change is shown against one that did not). */
  has?: (f: Figures) => boolean;
}

const durCol = (k: "first_response" | "reply" | "resolution", label: Key): Col => ({
  k,
  label,
  value: (f, h) => f[k][h].median,
  show: (n, f) => (f[k].calendar.count ? dur(n) : "—"),
  kind: "duration",
  better: "lower",
  has: (f) => f[k].calendar.count > 0,
});

const cols: Col[] = [
  { k: "opened", label: "reports.fig.opened", value: (f) => f.opened, show: num, kind: "count", better: "neutral" },
  { k: "resolved", label: "reports.fig.resolved", value: (f) => f.resolved, show: num, kind: "count" },
  { k: "reopened", label: "reports.fig.reopened", value: (f) => f.reopened, show: num, kind: "count", better: "lower" },
  { k: "resolution_rate", label: "reports.fig.resolutionRate", value: (f) => f.resolution_rate, show: (n, f) => (rateBase(f) ? pct(n) : "—"), kind: "rate", has: (f) => rateBase(f) > 0 },
  durCol("first_response", "reports.fig.firstResponse"),
  durCol("reply", "reports.fig.reply"),
  durCol("resolution", "reports.fig.resolution"),
  { k: "handled", label: "reports.fig.handled", value: (f) => f.handled, show: num, kind: "count" },
  { k: "sla_breached", label: "reports.fig.slaBreached", value: (f) => f.sla_breached, show: num, kind: "count", better: "lower" },
  { k: "csat_score", label: "reports.fig.csat", value: (f) => f.csat_score, show: score, kind: "score", has: (f) => f.csat_rated > 0 },
  { k: "messages_in", label: "reports.fig.messagesIn", value: (f) => f.messages_in, show: num, kind: "count", better: "neutral" },
  { k: "messages_out", label: "reports.fig.messagesOut", value: (f) => f.messages_out, show: num, kind: "count" },
];

/** The slice picker: which dimension the rows are. */
export function SlicePicker(props: { by: Slice }) {
  return (
    <div class="report-filter">
      <span class="field-label" id="report-by-label">
        {t("reports.by")}
      </span>
      <div class="segmented report-by" role="radiogroup" aria-labelledby="report-by-label">
        {slices.map((s) => (
          <label>
            <input type="radio" name="report-by" value={s} checked={props.by === s} onChange={() => setParams({ by: s, sort: undefined }, false)} />
            <span>{t(("reports.slice." + s) as Key)}</span>
          </label>
        ))}
      </div>
    </div>
  );
}

/** A row's name as people know it (a channel's name in the agent's language). */
const rowName = (by: Slice, id: string, name: string) => (by === "channel" ? channelName(id) : name || id);

/** The Breakdown tab for an answer already loaded. */
export function Breakdown(props: { data: BreakdownData; f: Filters }) {
  const { data, f } = props;
  const by = f.by;
  const sort = f.sort || "-opened";
  const key = sort.replace(/^-/, "");
  const dir = sort.startsWith("-") ? -1 : 1;
  const col = cols.find((c) => c.k === key);
  const rows = [...(data.rows ?? [])].sort((a, b) => {
    const d = col ? col.value(a.figures, f.hours) - col.value(b.figures, f.hours) : rowName(by, a.id, a.name).localeCompare(rowName(by, b.id, b.name));
    return d * dir || a.name.localeCompare(b.name);
  });
  const onSort = (s: string) => setParams({ sort: s }, false);
  const q = apiQuery({ ...f, slice: "", id: "" }, { by });
  // Each row opens the Overview of its slice, keeping the period.
  const overview = (id: string) => `/reports/overview${apiQuery({ ...f, slice: by, id })}${f.hours === "business" ? "&hours=business" : ""}`;
  return (
    <div class="report-breakdown">
      <DataTable
        id="breakdown"
        caption={t("reports.breakdownBy", { by: t(("reports.slice." + by) as Key) })}
        csv={csvURL("breakdown", q)}
        empty={!rows.length}
        heads={[
          <SortHead first label={t(("reports.slice." + by) as Key)} k="name" sort={sort} onSort={onSort} />,
          ...cols.map((c) => <SortHead label={t(c.label)} k={c.k} sort={sort} onSort={onSort} />),
        ]}
      >
        {rows.map((r) => (
          <tr data-row={r.id}>
            <th scope="row">
              <a href={overview(r.id)}>{rowName(by, r.id, r.name)}</a>
            </th>
            {cols.map((c) => {
              const v = c.value(r.figures, f.hours);
              return (
                <td class="num" data-col={c.k}>
                  {c.show(v, r.figures)}
                  {r.previous && (!c.has || (c.has(r.figures) && c.has(r.previous))) && <Change now={v} before={c.value(r.previous, f.hours)} kind={c.kind} better={c.better} short />}
                </td>
              );
            })}
          </tr>
        ))}
      </DataTable>
    </div>
  );
}
