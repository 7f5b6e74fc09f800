// Pieces every reports tab uses: the data table with its "Export CSV" link, the column headers a
// table sorts by, a KPI card with its change against the previous period, and the hook that
// loads an API answer for the filters on screen.
import type { ComponentChildren } from "preact";
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { t } from "../i18n";
import { problem } from "../ui";
import { change, type Better } from "./format";

/** A table of figures under its chart, scrolling sideways on a narrow screen, with the link
 *  that downloads the same table as CSV from the API. */
export function DataTable(props: {
  caption: string;
  csv: string;
  heads: ComponentChildren[];
  children: ComponentChildren;
  empty?: boolean;
  id?: string;
  /** How many leading columns hold words (left-aligned); the others hold figures. */
  text?: number;
  /** What an empty table says (else: nothing in this period). */
  emptyText?: string;
}) {
  return (
    <div class="report-table" data-table={props.id}>
      <div class="report-table-tools">
        <a class="button csv" href={props.csv} download data-csv={props.id}>
          {t("reports.csv")}
        </a>
      </div>
      {props.empty ? (
        <p class="empty">{props.emptyText ?? t("reports.none")}</p>
      ) : (
        <div class="report-table-scroll" tabIndex={0} role="region" aria-label={props.caption}>
          <table class="table">
            <caption class="sr-only">{props.caption}</caption>
            <thead>
              <tr>
                {props.heads.map((h, i) =>
                  typeof h === "string" ? (
                    <th scope="col" class={i >= (props.text ?? 1) ? "num" : ""}>
                      {h}
                    </th>
                  ) : (
                    h
                  ),
                )}
              </tr>
            </thead>
            <tbody>{props.children}</tbody>
          </table>
        </div>
      )}
    </div>
  );
}

/** A column header that sorts the table by key: sort is the current "key" or "-key" (descending). */
export function SortHead(props: { label: string; k: string; sort: string; onSort: (s: string) => void; first?: boolean }) {
  const on = props.sort.replace(/^-/, "") === props.k;
  const desc = props.sort.startsWith("-");
  return (
    <th scope="col" class={props.first ? "" : "num"} aria-sort={on ? (desc ? "descending" : "ascending") : "none"}>
      <button type="button" class="sort" data-sort={props.k} onClick={() => props.onSort(on && desc ? props.k : "-" + props.k)}>
        {props.label}
        <span aria-hidden="true">{on ? (desc ? "\u00a0▼" : "\u00a0▲") : ""}</span>
      </button>
    </th>
  );
}

/** A change against the previous period, coloured by whether it is better. */
export function Change(props: { now: number; before: number | undefined; kind: "count" | "rate" | "duration" | "score"; better?: Better; short?: boolean }) {
  if (props.before === undefined) return null;
  const c = change(props.now, props.before, props.kind, props.better);
  if (!c) return null;
  if (c.tone === "same" && props.short) c.text = "±0"; // a table's cells: the same, briefly
  return (
    <span class={"delta " + c.tone} title={t("reports.vsPrevious")}>
      {c.text}
    </span>
  );
}

/** One headline figure. */
export function Card(props: { label: string; value: string; id: string; children?: ComponentChildren }) {
  return (
    <div class="kpi" data-kpi={props.id}>
      <div class="kpi-label">{props.label}</div>
      <div class="kpi-value">{props.value}</div>
      {props.children}
    </div>
  );
}

/** The API answer at path (under /api/v1), loaded again whenever path changes; every ms, when
 *  given, too (while the page is visible). The last answer stays on screen while the next loads. */
export function useReport<T>(path: string, every = 0): { data: T | null; err: string; loading: boolean } {
  const [data, setData] = useState<T | null>(null);
  const [err, setErr] = useState("");
  const [loading, setLoading] = useState(true);
  useEffect(() => {
    let ctl: AbortController | null = null;
    const load = () => {
      ctl?.abort();
      const c = (ctl = new AbortController());
      setLoading(true);
      get<T>(path, c.signal)
        .then((d) => {
          setData(d);
          setErr("");
        })
        .catch((x) => !c.signal.aborted && setErr(problem(x).message))
        .finally(() => !c.signal.aborted && setLoading(false));
    };
    load();
    if (!every) return () => ctl?.abort();
    const tick = () => document.visibilityState === "visible" && load();
    const id = setInterval(tick, every);
    const vis = () => document.visibilityState === "visible" && load();
    document.addEventListener("visibilitychange", vis);
    return () => {
      clearInterval(id);
      document.removeEventListener("visibilitychange", vis);
      ctl?.abort();
    };
  }, [path, every]);
  return { data, err, loading };
}
