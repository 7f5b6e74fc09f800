// Reports › Agent activity: each agent's time online and away over the period (bars), and a row
// per agent and day with the conversations handled, replies sent and conversations resolved.
import { t } from "../i18n";
import { StackedBars } from "./charts";
import { dur, num, shortDay } from "./format";
import { apiQuery, csvURL, type Activity as ActivityData, type Filters } from "./model";
import { DataTable } from "./parts";

/** The Agent activity tab for an answer already loaded. */
export function Activity(props: { data: ActivityData; f: Filters }) {
  const { data, f } = props;
  const rows = data.rows ?? [];
  // The bars: each agent's totals over the period, most online first.
  const totals = new Map<number, { name: string; a: number; b: number }>();
  for (const r of rows) {
    const x = totals.get(r.agent_id) ?? { name: r.name, a: 0, b: 0 };
    x.a += r.online_seconds;
    x.b += r.away_seconds;
    totals.set(r.agent_id, x);
  }
  const bars = [...totals.values()].sort((x, y) => y.a - x.a || x.name.localeCompare(y.name));
  const q = apiQuery({ ...f, slice: "", id: "", compare: false });
  return (
    <div class="report-activity">
      <section class="report-figure" data-figure="presence">
        <h2>{t("reports.presence")}</h2>
        {bars.length > 0 && <StackedBars rows={bars} label={t("reports.presenceLabel")} names={[t("reports.online"), t("reports.away")]} fmt={dur} />}
        <DataTable
          id="activity"
          caption={t("reports.activityTable")}
          csv={csvURL("activity", q)}
          empty={!rows.length}
          text={2}
          heads={[t("reports.agent"), t("reports.day"), t("reports.online"), t("reports.away"), t("reports.fig.handled"), t("reports.replies"), t("reports.fig.resolved")]}
        >
          {rows.map((r) => (
            <tr data-agent={r.agent_id}>
              <th scope="row">{r.name}</th>
              <td>{shortDay(r.day)}</td>
              <td class="num">{dur(r.online_seconds)}</td>
              <td class="num">{dur(r.away_seconds)}</td>
              <td class="num">{num(r.handled)}</td>
              <td class="num">{num(r.replies)}</td>
              <td class="num">{num(r.resolved)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
