// A conversation's SLA timers ("FRT 12m"): the time left on each target still running, amber
// from its warning time, red once breached (then the time overdue). A clock of the page's own
// ticks them, so they move without asking the server; the server's events bring the changes
// (a reply meets a target, a new customer message starts one).
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { longTime, t } from "../i18n";
import { me } from "../state";
import type { Conversation, ConversationSLA, SLAPolicy, SLATargetState } from "../types";

/** Every quarter minute: the timers show minutes. */
const clock = signal(Date.now());
setInterval(() => (clock.value = Date.now()), 15_000);

type Shown = { s: SLATargetState; left: number; state: "ok" | "warn" | "breached" };

/** The running targets (not met), soonest due first, with how long is left at now. */
export function runningTargets(sla: ConversationSLA | null | undefined, now: number): Shown[] {
  if (!sla) return [];
  return sla.targets
    .filter((s) => !s.met_at)
    .map((s) => {
      const due = Date.parse(s.due_at);
      const left = due - now;
      const state: Shown["state"] = s.breached || left <= 0 ? "breached" : s.warning_at && Date.parse(s.warning_at) <= now ? "warn" : "ok";
      return { s, left, state };
    })
    .sort((a, b) => a.left - b.left);
}

/** "1d 3h", "2h 5m", "12m": a duration to the minute, at most two units. */
export function slaDuration(ms: number): string {
  const m = Math.max(0, Math.floor(Math.abs(ms) / 60_000));
  const d = Math.floor(m / 1440);
  const h = Math.floor((m % 1440) / 60);
  const min = m % 60;
  if (d > 0) return [t("sla.days", { n: d }), h > 0 && t("sla.hours", { n: h })].filter(Boolean).join(" ");
  if (h > 0) return [t("sla.hours", { n: h }), min > 0 && t("sla.minutes", { n: min })].filter(Boolean).join(" ");
  return t("sla.minutes", { n: min });
}

/** The timers of a conversation; compact shows only the most urgent (a list row). */
export function SLATimers(props: { sla: ConversationSLA | null | undefined; compact?: boolean }) {
  let shown = runningTargets(props.sla, clock.value);
  if (shown.length === 0) return null;
  if (props.compact) shown = shown.slice(0, 1);
  return (
    <span class="sla-timers">
      {shown.map(({ s, left, state }) => {
        const name = t(("sla." + s.target) as any);
        const time = longTime(s.due_at, me.value?.time_zone);
        const title = (state === "breached" ? t("sla.missed", { target: name, time }) : t("sla.due", { target: name, time })) + ` · ${props.sla!.policy_name}`;
        return (
          <span class={"sla-timer " + state} title={title} aria-label={title} data-target={s.target}>
            <span class="sla-short">{t(("sla.short." + s.target) as any)}</span> {state === "breached" ? "−" : ""}
            {slaDuration(left)}
          </span>
        );
      })}
    </span>
  );
}

/** The header's SLA menu (admins and supervisors): the policies to apply, and removing one. */
export function SLAMenu(props: { conv: Conversation; onPick: (policyID: number | null) => void }) {
  const [policies, setPolicies] = useState<SLAPolicy[] | null>(null);
  useEffect(() => {
    get<{ items: SLAPolicy[] }>("/sla-policies")
      .then((r) => setPolicies(r.items))
      .catch(() => setPolicies([]));
  }, []);
  const current = props.conv.sla?.policy_id;
  return (
    <div class="menu sla-menu" role="menu" aria-label={t("sla.menu")}>
      {policies?.length === 0 && <p class="sla-menu-empty muted">{t("sla.menuEmpty")}</p>}
      {policies?.map((p) => (
        <button role="menuitemradio" aria-checked={current === p.id} onClick={() => props.onPick(p.id)}>
          {p.name}
          {current === p.id && <span aria-hidden="true"> ✓</span>}
        </button>
      ))}
      {current && (
        <>
          <div class="menu-sep" role="presentation" />
          <button role="menuitem" onClick={() => props.onPick(null)}>
            {t("sla.remove")}
          </button>
        </>
      )}
    </div>
  );
}

/** Whether the agent may apply SLA policies: admins and supervisors. */
export const mayApplySLA = () => me.value?.role === "admin" || me.value?.role === "supervisor";
