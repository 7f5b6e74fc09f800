// Settings › Inboxes › Hours & auto-replies: an inbox's weekly schedule, time zone and holidays,
// and the three automatic replies (welcome, out of hours, acknowledgement). A lazy chunk: only
// admins open it.
import { useEffect, useState } from "preact/hooks";
import { get, put } from "../api";
import { t } from "../i18n";
import { channels } from "../state";
import type { Inbox, Template } from "../types";
import { Field } from "../ui";
import { FormError, FormModal, useForm } from "./crud";

interface Interval {
  start: string;
  end: string;
}
interface Holiday {
  date: string;
  name?: string;
}
interface Config {
  hours: { time_zone: string; week: Interval[][]; holidays: Holiday[] } | null;
  welcome: string;
  out_of_hours: string;
  acknowledge: string;
  reply_minutes: number;
  templates?: Partial<Record<ReplyKind, { name: string; language: string }>>;
}

type ReplyKind = "welcome" | "out_of_hours" | "acknowledge";

interface Form {
  enabled: boolean;
  time_zone: string;
  week: Interval[][];
  holidays: Holiday[];
  welcome: string;
  out_of_hours: string;
  acknowledge: string;
  reply_minutes: string;
  /** Per reply, the template sent once the customer's window has closed, as "name|language" ("": none). */
  templates: Record<ReplyKind, string>;
}

const dayKeys = ["sunday", "monday", "tuesday", "wednesday", "thursday", "friday", "saturday"];
/** Monday first on screen; the API counts from Sunday. */
const shownDays = [1, 2, 3, 4, 5, 6, 0];

function browserZone(): string {
  return Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
}

function zones(): string[] {
  const f = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf;
  return f ? f("timeZone") : [];
}

/** A weekday's name in the interface's language (1 January 2023 was a Sunday). */
function dayName(d: number): string {
  return new Date(Date.UTC(2023, 0, 1 + d)).toLocaleDateString(document.documentElement.lang || undefined, { weekday: "long", timeZone: "UTC" });
}

function formOf(c: Config | null): Form {
  const h = c?.hours;
  const weekdays = [[], ...Array.from({ length: 5 }, () => [{ start: "09:00", end: "18:00" }]), []];
  return {
    enabled: !!h,
    time_zone: h?.time_zone || browserZone(),
    week: h ? dayKeys.map((_, d) => (h.week?.[d] ?? []).map((i) => ({ ...i }))) : weekdays,
    holidays: h?.holidays?.map((x) => ({ ...x })) ?? [],
    welcome: c?.welcome ?? "",
    out_of_hours: c?.out_of_hours ?? "",
    acknowledge: c?.acknowledge ?? "",
    reply_minutes: c?.reply_minutes ? String(c.reply_minutes) : "",
    templates: {
      welcome: templateKey(c?.templates?.welcome),
      out_of_hours: templateKey(c?.templates?.out_of_hours),
      acknowledge: templateKey(c?.templates?.acknowledge),
    },
  };
}

function templateKey(t?: { name: string; language: string }): string {
  return t ? `${t.name}|${t.language}` : "";
}

/** What to save. A time field cannot say 24:00: an end at 00:00 means midnight. */
function configOf(f: Form): Config {
  return {
    hours: f.enabled
      ? {
          time_zone: f.time_zone.trim(),
          week: f.week.map((day) => day.map((i) => ({ start: i.start, end: i.end === "00:00" ? "24:00" : i.end }))),
          holidays: f.holidays.map((h) => ({ date: h.date, name: h.name?.trim() || undefined })),
        }
      : null,
    welcome: f.welcome,
    out_of_hours: f.out_of_hours,
    acknowledge: f.acknowledge,
    reply_minutes: Number(f.reply_minutes) || 0,
    templates: Object.fromEntries(
      Object.entries(f.templates)
        .filter(([, v]) => v)
        .map(([k, v]) => {
          const [name, language] = v.split("|");
          return [k, { name, language }];
        }),
    ),
  };
}

export function HoursSettings(props: { inbox: Inbox; onClose: () => void }) {
  const i = props.inbox;
  const [loaded, setLoaded] = useState(false);
  // Channels with templates (asked of the connector) offer one per reply for a closed window.
  const usesTemplates = !!channels.value.get(i.kind)?.capabilities.templates;
  const [templates, setTemplates] = useState<Template[]>([]);
  const { f, setF, set, err, busy, submit } = useForm<Form>(formOf(null));
  useEffect(() => {
    void get<Config>(`/inboxes/${i.id}/hours`).then((c) => {
      setF(formOf(c));
      setLoaded(true);
    });
    if (usesTemplates) void get<{ items: Template[] }>(`/inboxes/${i.id}/templates`).then((r) => setTemplates(r.items));
  }, [i.id, usesTemplates]);
  const change = (g: Partial<Form>) => setF((p) => ({ ...p, ...g }));
  const fe = (k: string) => err?.fields[k];
  const setDay = (d: number, day: Interval[]) => change({ week: f.week.map((x, k) => (k === d ? day : x)) });
  const save = submit(async () => {
    await put<Config>(`/inboxes/${i.id}/hours`, configOf(f));
    props.onClose();
  });
  const shown = ["hours.time_zone", "welcome", "out_of_hours", "acknowledge", "reply_minutes", "templates", "templates.welcome", "templates.out_of_hours", "templates.acknowledge"];
  const picker = (k: ReplyKind) =>
    usesTemplates && (
      <TemplatePicker
        kind={k}
        value={f.templates[k]}
        templates={templates}
        error={fe(`templates.${k}`)}
        onChange={(v) => change({ templates: { ...f.templates, [k]: v } })}
      />
    );
  for (let d = 0; d < 7; d++) f.week[d]?.forEach((_, n) => shown.push(`hours.week.${dayKeys[d]}.${n}.start`, `hours.week.${dayKeys[d]}.${n}.end`));
  f.holidays.forEach((_, n) => shown.push(`hours.holidays.${n}.date`, `hours.holidays.${n}.name`));
  const error = (k: string) => fe(k) && <span class="field-error" role="alert">{fe(k)}</span>;
  if (!loaded) return null;
  return (
    <FormModal title={t("hours.title", { name: i.name })} onClose={props.onClose} onSubmit={save} busy={busy} wide>
      <div class="hours-settings" data-testid="hours-settings">
        <fieldset>
          <legend>{t("hours.schedule")}</legend>
          <label class="check">
            <input type="checkbox" checked={f.enabled} onChange={set("enabled")} data-testid="hours-enabled" /> {t("hours.enabled")}
          </label>
          {!f.enabled && <p class="field-hint">{t("hours.alwaysOpen")}</p>}
          {f.enabled && (
            <>
              <Field label={t("hours.timeZone")} error={fe("hours.time_zone")}>
                <input list="hours-zones" value={f.time_zone} onInput={set("time_zone")} data-testid="hours-zone" />
                <datalist id="hours-zones">
                  {zones().map((z) => (
                    <option value={z} />
                  ))}
                </datalist>
              </Field>
              <table class="hours-week">
                <tbody>
                  {shownDays.map((d) => {
                    const day = f.week[d] ?? [];
                    return (
                      <tr data-testid={`hours-day-${dayKeys[d]}`}>
                        <th scope="row">{dayName(d)}</th>
                        <td>
                          {day.length === 0 && <span class="hours-closed">{t("hours.closed")}</span>}
                          {day.map((iv, n) => (
                            <div class="hours-interval">
                              <input
                                type="time"
                                aria-label={`${dayName(d)} ${t("hours.from")}`}
                                value={iv.start}
                                onInput={(e) => setDay(d, day.map((x, k) => (k === n ? { ...x, start: e.currentTarget.value } : x)))}
                              />
                              –
                              <input
                                type="time"
                                aria-label={`${dayName(d)} ${t("hours.to")}`}
                                value={iv.end === "24:00" ? "00:00" : iv.end}
                                onInput={(e) => setDay(d, day.map((x, k) => (k === n ? { ...x, end: e.currentTarget.value } : x)))}
                              />
                              <button type="button" class="ghost" aria-label={t("hours.removeInterval")} onClick={() => setDay(d, day.filter((_, k) => k !== n))}>
                                ×
                              </button>
                              {error(`hours.week.${dayKeys[d]}.${n}.start`)}
                              {error(`hours.week.${dayKeys[d]}.${n}.end`)}
                            </div>
                          ))}
                        </td>
                        <td>
                          <button
                            type="button"
                            class="ghost"
                            data-testid={`hours-add-${dayKeys[d]}`}
                            onClick={() => setDay(d, [...day, day.length ? { start: day[day.length - 1].end === "24:00" ? "23:00" : day[day.length - 1].end, end: "24:00" } : { start: "09:00", end: "18:00" }])}
                          >
                            + {t("hours.addInterval")}
                          </button>
                        </td>
                      </tr>
                    );
                  })}
                </tbody>
              </table>
              <fieldset>
                <legend>{t("hours.holidays")}</legend>
                <p class="field-hint">{t("hours.holidaysHint")}</p>
                {f.holidays.map((h, n) => (
                  <div class="hours-holiday">
                    <input
                      type="date"
                      value={h.date}
                      aria-label={t("hours.holidays")}
                      data-testid="hours-holiday-date"
                      onInput={(e) => change({ holidays: f.holidays.map((x, k) => (k === n ? { ...x, date: e.currentTarget.value } : x)) })}
                    />
                    <input
                      value={h.name ?? ""}
                      placeholder={t("hours.holidayName")}
                      aria-label={t("hours.holidayName")}
                      onInput={(e) => change({ holidays: f.holidays.map((x, k) => (k === n ? { ...x, name: e.currentTarget.value } : x)) })}
                    />
                    <button type="button" class="ghost" aria-label={t("hours.removeHoliday")} onClick={() => change({ holidays: f.holidays.filter((_, k) => k !== n) })}>
                      ×
                    </button>
                    {error(`hours.holidays.${n}.date`)}
                    {error(`hours.holidays.${n}.name`)}
                  </div>
                ))}
                <button type="button" class="ghost" data-testid="hours-holiday-add" onClick={() => change({ holidays: [...f.holidays, { date: "" }] })}>
                  + {t("hours.addHoliday")}
                </button>
              </fieldset>
            </>
          )}
        </fieldset>
        <fieldset>
          <legend>{t("hours.replies")}</legend>
          <p class="field-hint">{t("hours.repliesHint")}</p>
          {usesTemplates && <p class="field-hint">{t("hoursTpl.hint")}</p>}
          <Field label={t("hours.welcome")} hint={t("hours.welcomeHint")} error={fe("welcome")}>
            <textarea rows={2} value={f.welcome} onInput={set("welcome")} data-testid="hours-welcome" />
          </Field>
          {picker("welcome")}
          <Field label={t("hours.outOfHours")} hint={t("hours.outOfHoursHint")} error={fe("out_of_hours")}>
            <textarea rows={2} value={f.out_of_hours} onInput={set("out_of_hours")} data-testid="hours-out-of-hours" />
          </Field>
          {picker("out_of_hours")}
          <Field label={t("hours.acknowledge")} hint={t("hours.acknowledgeHint")} error={fe("acknowledge")}>
            <textarea rows={2} value={f.acknowledge} onInput={set("acknowledge")} data-testid="hours-acknowledge" />
          </Field>
          {picker("acknowledge")}
          <Field label={t("hours.replyMinutes")} error={fe("reply_minutes")}>
            <input type="number" min="0" value={f.reply_minutes} onInput={set("reply_minutes")} data-testid="hours-reply-minutes" />
          </Field>
        </fieldset>
        <FormError err={err} shown={shown} />
      </div>
    </FormModal>
  );
}

/** The template a reply becomes once the customer's window has closed: approved ones without
 *  parameters (nothing fills them in), and the one chosen even if it no longer qualifies. */
function TemplatePicker(props: { kind: ReplyKind; value: string; templates: Template[]; error?: string; onChange: (v: string) => void }) {
  const usable = props.templates.filter((t) => t.status === "approved" && t.params === 0);
  const keys = usable.map((t) => `${t.name}|${t.language}`);
  return (
    <Field label={t("hoursTpl.label")} error={props.error}>
      <select value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={`hours-template-${props.kind}`}>
        <option value="">{t("hoursTpl.none")}</option>
        {props.value && !keys.includes(props.value) && <option value={props.value}>{props.value.replace("|", " · ")}</option>}
        {usable.map((t) => (
          <option value={`${t.name}|${t.language}`}>
            {t.name} · {t.language}
          </option>
        ))}
      </select>
    </Field>
  );
}
