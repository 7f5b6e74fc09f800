// Reports: how well the team serves customers. A lazy chunk with its English texts (see
// addEnglish). Every filter lives in the URL (/reports/<tab>?from=&to=&slice=&id=&by=&compare=1&
// hours=business&sort=), so reloading, back and forward and a shared link keep them. Admins and
// supervisors see the workspace and every slice; an agent sees "My figures": their own.
import { useEffect } from "preact/hooks";
import { addEnglish, t, type Key } from "../i18n";
import { reportsTexts } from "../i18n/en-reports";
import { path, search, setParams } from "../router";
import { agents, inboxes, labels, me, teams } from "../state";
import { channelName } from "../ui";
import { Activity } from "./Activity";
import { Breakdown, SlicePicker } from "./Breakdown";
import { Live } from "./Live";
import { Overview } from "./Overview";
import {
  apiQuery,
  daysBetween,
  presetOf,
  presetRange,
  presets,
  readFilters,
  seesAll,
  slices,
  type Activity as ActivityData,
  type Breakdown as BreakdownData,
  type Filters,
  type Live as LiveData,
  type Overview as OverviewData,
  type Preset,
  type Slice,
  type Tab,
} from "./model";
import { useReport } from "./parts";

addEnglish(reportsTexts); // this chunk's English texts

const MAX_DAYS = 731;

/** The reports screen: its tabs, the filters, and the tab's figures. */
export function Reports() {
  void search.value; // re-render on every change of the query
  const f = readFilters(path.value);
  const tz = me.value?.time_zone;
  const all = seesAll();
  // A first visit has no period: the last 30 days, written into the URL so a shared link keeps it.
  useEffect(() => {
    if (f.tab !== "live" && (!f.from || !f.to)) {
      const [from, to] = presetRange("30d", tz);
      setParams({ from, to }, true);
    }
  }, [f.tab, f.from, f.to]);
  const ready = f.tab === "live" || (f.from && f.to);
  const visible: Tab[] = all ? ["overview", "breakdown", "activity", "live"] : ["overview", "activity", "live"];
  const keep = search.value;
  return (
    <div class="reports">
      <header class="reports-head">
        <h1>{all ? t("reports.title") : t("reports.mine")}</h1>
        <nav class="tabs reports-tabs" aria-label={t("reports.title")}>
          {visible.map((tab) => (
            <a href={`/reports/${tab}${keep}`} class={"tab" + (tab === f.tab ? " active" : "")} aria-current={tab === f.tab ? "page" : undefined} data-tab={tab}>
              {t(("reports.tab." + tab) as Key)}
            </a>
          ))}
        </nav>
      </header>
      {f.tab !== "live" && <FilterBar f={f} tz={tz} />}
      {ready && <TabBody f={f} tz={tz} />}
    </div>
  );
}

/** The period (a preset or two dates), the comparison, calendar or business hours, and for
 *  admins and supervisors on the Overview, the slice whose figures to show. */
function FilterBar(props: { f: Filters; tz?: string }) {
  const { f, tz } = props;
  const preset = presetOf(f.from, f.to, tz);
  const choose = (p: Preset | "custom") => {
    if (p === "custom") {
      // Custom starts from the period on screen; its two date fields then appear.
      setParams({ from: f.from, to: f.to, range: "custom" }, false);
      return;
    }
    const [from, to] = presetRange(p, tz);
    setParams({ from, to, range: undefined }, false);
  };
  const custom = preset === "custom" || new URLSearchParams(search.value).get("range") === "custom";
  const setDate = (k: "from" | "to") => (e: Event) => {
    const v = (e.currentTarget as HTMLInputElement).value;
    if (v) setParams({ [k]: v, range: "custom" }, false);
  };
  const tooLong = f.from && f.to && daysBetween(f.from, f.to) > MAX_DAYS;
  return (
    <div class="report-filters" role="group" aria-label={t("reports.filters")}>
      <label class="report-filter">
        <span class="field-label">{t("reports.period")}</span>
        <select name="range" value={custom ? "custom" : preset} onChange={(e) => choose(e.currentTarget.value as Preset | "custom")}>
          {presets.map((p) => (
            <option value={p}>{t(("reports.preset." + p) as Key)}</option>
          ))}
          <option value="custom">{t("reports.preset.custom")}</option>
        </select>
      </label>
      {custom && (
        <>
          <label class="report-filter">
            <span class="field-label">{t("reports.from")}</span>
            <input type="date" name="from" value={f.from} max={f.to} onChange={setDate("from")} />
          </label>
          <label class="report-filter">
            <span class="field-label">{t("reports.to")}</span>
            <input type="date" name="to" value={f.to} min={f.from} onChange={setDate("to")} />
          </label>
        </>
      )}
      {f.tab !== "activity" && (
        <label class="check report-compare">
          <input type="checkbox" name="compare" checked={f.compare} onChange={(e) => setParams({ compare: e.currentTarget.checked ? "1" : undefined }, false)} />
          {t("reports.compare")}
        </label>
      )}
      {f.tab !== "activity" && (
        <div class="report-filter">
          <span class="field-label" id="report-hours-label">
            {t("reports.hours")}
          </span>
          <div class="segmented report-hours" role="radiogroup" aria-labelledby="report-hours-label">
            {(["calendar", "business"] as const).map((h) => (
              <label>
                <input type="radio" name="hours" value={h} checked={f.hours === h} onChange={() => setParams({ hours: h === "business" ? h : undefined }, false)} />
                <span>{t(("reports.hours." + h) as Key)}</span>
              </label>
            ))}
          </div>
        </div>
      )}
      {f.tab === "overview" && seesAll() && <SliceFilter f={f} />}
      {f.tab === "breakdown" && <SlicePicker by={f.by} />}
      {tooLong && (
        <p class="form-error" role="alert">
          {t("reports.tooLong", { n: MAX_DAYS })}
        </p>
      )}
    </div>
  );
}

/** The ids a slice offers, with their names. */
function sliceOptions(s: Slice): [string, string][] {
  switch (s) {
    case "inbox":
      return inboxes.value.map((i) => [String(i.id), i.name]);
    case "channel":
      return [...new Set(inboxes.value.map((i) => i.kind as string))].map((k) => [k, channelName(k)]);
    case "agent":
      return agents.value.map((a) => [String(a.id), a.name]);
    case "team":
      return teams.value.map((x) => [String(x.id), x.name]);
    case "label":
      return labels.value.map((l) => [l.name, l.name]);
  }
}

/** Whose figures the Overview shows: the workspace, or one inbox, channel, agent, team or label. */
function SliceFilter(props: { f: Filters }) {
  const { f } = props;
  // The URL may hold a slice chosen without an id yet (the second list still to pick from).
  const picked = (new URLSearchParams(search.value).get("slice") ?? "") as Slice | "";
  const slice = slices.includes(picked as Slice) ? (picked as Slice) : "";
  const options = slice ? sliceOptions(slice) : [];
  return (
    <>
      <label class="report-filter">
        <span class="field-label">{t("reports.of")}</span>
        <select name="slice" value={slice} onChange={(e) => setParams({ slice: e.currentTarget.value || undefined, id: undefined }, false)}>
          <option value="">{t("reports.workspace")}</option>
          {slices.map((s) => (
            <option value={s}>{t(("reports.slice." + s) as Key)}</option>
          ))}
        </select>
      </label>
      {slice && (
        <label class="report-filter">
          <span class="field-label">{t(("reports.slice." + slice) as Key)}</span>
          <select name="id" value={f.id} onChange={(e) => setParams({ id: e.currentTarget.value || undefined }, false)}>
            <option value="">{t("reports.choose")}</option>
            {options.map(([id, name]) => (
              <option value={id}>{name}</option>
            ))}
          </select>
        </label>
      )}
    </>
  );
}

/** The tab's figures, loaded for the filters. */
function TabBody(props: { f: Filters; tz?: string }) {
  const { f } = props;
  switch (f.tab) {
    case "overview":
      return <Load<OverviewData> path={"/reports/overview" + apiQuery(f)} render={(d) => <Overview data={d} f={f} />} />;
    case "breakdown":
      return <Load<BreakdownData> path={"/reports/breakdown" + apiQuery({ ...f, slice: "", id: "" }, { by: f.by })} render={(d) => <Breakdown data={d} f={f} />} />;
    case "activity":
      return <Load<ActivityData> path={"/reports/activity" + apiQuery({ ...f, slice: "", id: "", compare: false })} render={(d) => <Activity data={d} f={f} />} />;
    case "live":
      return <Load<LiveData> path="/reports/live" every={15_000} render={(d) => <Live data={d} tz={props.tz} />} />;
  }
}

/** Loads path and renders the answer, with the note while the zone's figures are prepared. */
function Load<T extends object>(props: { path: string; every?: number; render: (d: T) => preact.ComponentChildren }) {
  const { data, err, loading } = useReport<T>(props.path, props.every);
  const preparing = data && "preparing" in data ? (data as { preparing?: string }).preparing : "";
  return (
    <div class="report-body" aria-busy={loading ? "true" : "false"}>
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      {preparing && (
        <p class="settings-status report-preparing" role="status">
          {t("reports.preparing", { zone: preparing })}
        </p>
      )}
      {data ? props.render(data) : !err && <p class="empty">{t("reports.loading")}</p>}
    </div>
  );
}
