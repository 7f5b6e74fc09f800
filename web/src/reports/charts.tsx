// The reports' charts, drawn as SVG of our own (a charting library would weigh more than all of
// them): bars per day with a line, a weekday × hour heat map, and horizontal stacked bars. Each is
// one image for screen readers (role="img" and a label); the table under it holds the data.
// Colours are styles.css's variables, so dark mode follows; widths follow the container.
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { num, shortDay, weekdays } from "./format";

/** The width of the element ref is on, kept current as it resizes. */
function useWidth(initial = 640): [preact.RefObject<HTMLDivElement | null>, number] {
  const ref = useRef<HTMLDivElement>(null);
  const [w, setW] = useState(initial);
  useLayoutEffect(() => {
    const el = ref.current;
    if (!el) return;
    const measure = () => setW(Math.max(240, Math.floor(el.clientWidth)));
    measure();
    const ro = new ResizeObserver(measure);
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  return [ref, w];
}

/** A round maximum for an axis: an even number up to 10 (so its half is whole too), else 1, 2 or
 *  5 times a power of ten, at least max. */
function niceMax(max: number): number {
  if (max <= 0) return 1;
  if (max <= 10) return Math.max(2, Math.ceil(max / 2) * 2);
  const p = 10 ** Math.floor(Math.log10(max));
  for (const m of [1, 2, 5, 10]) if (m * p >= max) return m * p;
  return 10 * p;
}

/** A legend's swatch and name. */
export function Legend(props: { items: [string, string, "bar" | "line"][] }) {
  return (
    <ul class="chart-legend" aria-hidden="true">
      {props.items.map(([cls, name, kind]) => (
        <li>
          <span class={`swatch ${kind} ${cls}`} />
          {name}
        </li>
      ))}
    </ul>
  );
}

/** A figure: a chart, its legend, then its table. */
export function Figure(props: { title: string; children: ComponentChildren; id?: string }) {
  return (
    <section class="report-figure" data-figure={props.id}>
      <h2>{props.title}</h2>
      {props.children}
    </section>
  );
}

export interface DayBars {
  day: string;
  opened: number;
  resolved: number;
  backlog: number;
}

/** Conversations opened and resolved per day (bars, left axis) and the backlog at each day's
 *  end (a line, right axis). */
export function DailyChart(props: { days: DayBars[]; label: string }) {
  const [ref, w] = useWidth();
  const days = props.days;
  const h = 220;
  const pad = { l: 36, r: 40, t: 10, b: 26 };
  const iw = w - pad.l - pad.r;
  const ih = h - pad.t - pad.b;
  const maxBar = niceMax(Math.max(0, ...days.map((d) => Math.max(d.opened, d.resolved))));
  const maxLine = niceMax(Math.max(0, ...days.map((d) => d.backlog)));
  const slot = iw / Math.max(1, days.length);
  const bw = Math.max(1, Math.min(18, (slot - 2) / 2));
  const y = (v: number) => pad.t + ih - (v / maxBar) * ih;
  const yl = (v: number) => pad.t + ih - (v / maxLine) * ih;
  const x = (i: number) => pad.l + i * slot + slot / 2;
  // At most about one date label per 70 px.
  const every = Math.max(1, Math.ceil(days.length / Math.max(1, Math.floor(iw / 70))));
  const ticks = [0, 0.5, 1]; // of each axis' maximum; a count has whole ticks only
  const line = days.map((d, i) => `${i ? "L" : "M"}${x(i).toFixed(1)},${yl(d.backlog).toFixed(1)}`).join("");
  return (
    <div class="chart" ref={ref}>
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.label}>
        {ticks.filter((f) => Number.isInteger(maxBar * f)).map((f) => (
          <g class="grid">
            <line x1={pad.l} x2={w - pad.r} y1={y(maxBar * f)} y2={y(maxBar * f)} />
            <text x={pad.l - 6} y={y(maxBar * f) + 4} text-anchor="end">
              {num(maxBar * f)}
            </text>
          </g>
        ))}
        {ticks.filter((f) => Number.isInteger(maxLine * f)).map((f) => (
          <text x={w - pad.r + 6} y={yl(maxLine * f) + 4} class="line-axis">
            {num(maxLine * f)}
          </text>
        ))}
        {days.map((d, i) => (
          <g>
            <rect class="bar opened" x={x(i) - bw - 0.5} y={y(d.opened)} width={bw} height={Math.max(0, pad.t + ih - y(d.opened))}>
              <title>{`${shortDay(d.day)}: ${t("reports.fig.opened")} ${num(d.opened)}`}</title>
            </rect>
            <rect class="bar resolved" x={x(i) + 0.5} y={y(d.resolved)} width={bw} height={Math.max(0, pad.t + ih - y(d.resolved))}>
              <title>{`${shortDay(d.day)}: ${t("reports.fig.resolved")} ${num(d.resolved)}`}</title>
            </rect>
            {i % every === 0 && (
              <text class="day" x={x(i)} y={h - 8} text-anchor="middle">
                {shortDay(d.day)}
              </text>
            )}
          </g>
        ))}
        {days.length > 0 && <path class="line backlog" d={line} />}
        {days.length === 1 && <circle class="dot backlog" cx={x(0)} cy={yl(days[0]!.backlog)} r={3} />}
      </svg>
      <Legend
        items={[
          ["opened", t("reports.fig.opened"), "bar"],
          ["resolved", t("reports.fig.resolved"), "bar"],
          ["backlog", t("reports.backlog"), "line"],
        ]}
      />
    </div>
  );
}

/** Counts by weekday (Monday first) × hour as a grid of tinted cells. */
export function HeatMap(props: { heat: number[][]; label: string }) {
  const [ref, w] = useWidth();
  const names = weekdays();
  const left = 40;
  const cell = Math.max(8, Math.min(30, Math.floor((w - left) / 24)));
  const top = 16;
  const h = top + cell * 7 + 2;
  const max = Math.max(0, ...props.heat.flat());
  return (
    <div class="chart heat" ref={ref}>
      <svg width={left + cell * 24} height={h} viewBox={`0 0 ${left + cell * 24} ${h}`} role="img" aria-label={props.label}>
        {Array.from({ length: 24 }, (_, hr) =>
          hr % (cell < 18 ? 6 : 3) === 0 ? (
            <text class="hour" x={left + hr * cell + cell / 2} y={11} text-anchor="middle">
              {hr}
            </text>
          ) : null,
        )}
        {names.map((name, d) => (
          <g>
            <text class="wd" x={left - 6} y={top + d * cell + cell / 2 + 4} text-anchor="end">
              {name}
            </text>
            {Array.from({ length: 24 }, (_, hr) => {
              const v = props.heat[d]?.[hr] ?? 0;
              const level = max ? Math.ceil((v / max) * 4) : 0; // 0 = none, 1–4 = quarters of the busiest
              return (
                <rect class={`cell l${level}`} x={left + hr * cell + 1} y={top + d * cell + 1} width={cell - 2} height={cell - 2} rx={2}>
                  <title>{`${name} ${hr}:00 — ${num(v)}`}</title>
                </rect>
              );
            })}
          </g>
        ))}
      </svg>
    </div>
  );
}

export interface BarRow {
  name: string;
  a: number;
  b: number;
}

/** Horizontal stacked bars, one per row: part a then part b (online then away), labelled with
 *  fmt. */
export function StackedBars(props: { rows: BarRow[]; label: string; names: [string, string]; fmt: (n: number) => string }) {
  const [ref, w] = useWidth();
  const nameW = Math.min(160, Math.floor(w * 0.3));
  const valueW = 170;
  const bh = 18;
  const gap = 10;
  const iw = Math.max(40, w - nameW - valueW);
  const max = Math.max(1, ...props.rows.map((r) => r.a + r.b));
  const h = props.rows.length * (bh + gap) + 4;
  return (
    <div class="chart" ref={ref}>
      <svg width={w} height={h} viewBox={`0 0 ${w} ${h}`} role="img" aria-label={props.label}>
        {props.rows.map((r, i) => {
          const y = 2 + i * (bh + gap);
          const wa = (r.a / max) * iw;
          const wb = (r.b / max) * iw;
          return (
            <g>
              <text class="name" x={0} y={y + bh / 2 + 4}>
                {r.name.length > 22 ? r.name.slice(0, 21) + "…" : r.name}
              </text>
              <rect class="bar online" x={nameW} y={y} width={wa} height={bh} rx={2} />
              <rect class="bar away" x={nameW + wa} y={y} width={wb} height={bh} rx={2} />
              <text class="value" x={nameW + wa + wb + 6} y={y + bh / 2 + 4}>
                {`${props.fmt(r.a)} · ${props.fmt(r.b)}`}
              </text>
            </g>
          );
        })}
      </svg>
      <Legend
        items={[
          ["online", props.names[0], "bar"],
          ["away", props.names[1], "bar"],
        ]}
      />
    </div>
  );
}
