// The rule builder: a rule written as a sentence, "When … / If … / Then …", with its name,
// whether it is enabled and whether it stops later rules, and a test of the unsaved rule on the
// recent conversations (POST /rules/dry-run). The server's errors show beside the control they
// name; any it names that the form does not show go in the message above the buttons.
import { useEffect, useRef, useState } from "preact/hooks";
import { post, put } from "../api";
import { longTime, t, type Key } from "../i18n";
import { labels, me } from "../state";
import type { Rule, RuleAction, RuleDryRun, RuleGroup, RuleWhen } from "../types";
import { Field, problem } from "../ui";
import { FormError, FormModal, useForm, type Problem } from "./crud";
import { Actions } from "./RuleActions";
import { Conditions } from "./RuleConditions";
import { actionFields, conditionCount, editable, offeredTriggers, summary, triggerOf, valueless, whenOf, withCurrent } from "./ruleModel";
import { Duration, FieldError, Pick } from "./rulePickers";

/** The keys of the server's errors the builder shows beside a control, for the rule as it is. */
function placed(r: Rule): string[] {
  const group = (g: RuleGroup, p: string): string[] => [
    p,
    ...["match", "conditions", "groups"].map((k) => `${p}.${k}`),
    ...g.conditions.flatMap((_, n) => ["", ".field", ".op", ".values"].map((k) => `${p}.conditions.${n}${k}`)),
    ...(g.groups ?? []).flatMap((x, n) => group(x, `${p}.groups.${n}`)),
  ];
  return [
    ...["name", "enabled", "stop_processing", "when", "when.event", "when.label", "when.status", "when.minutes", "then"],
    ...group(r.if ?? { match: "all", conditions: [] }, "if"),
    ...r.then.flatMap((a, n) => ["", ".type", ...actionFields(a.type).map((f) => "." + f)].map((k) => `then.${n}${k}`)),
  ];
}

/** The rule as the API takes it: each action with only its fields, no values on is_set. */
export function bodyOf(r: Rule) {
  const clean = (g: RuleGroup): RuleGroup => ({
    match: g.match,
    conditions: g.conditions.map((c) => ({ ...c, values: valueless(c.op) ? [] : c.values.map((v) => v.trim()).filter((v) => v !== "") })),
    groups: (g.groups ?? []).map(clean),
  });
  return { name: r.name.trim(), enabled: r.enabled, stop_processing: r.stop_processing, when: r.when, if: clean(editable(r).if!), then: r.then };
}

/** The trigger: a select of the events and the label, status or time the chosen one takes. */
function When(props: { w: RuleWhen; err: (k: string) => string | undefined; onChange: (w: RuleWhen) => void }) {
  const { w, err } = props;
  const extra = triggerOf(w.event)?.extra;
  return (
    <div class="rule-row rule-when">
      <select aria-label={t("rules.when")} value={w.event} onChange={(e) => props.onChange(whenOf(e.currentTarget.value, w))} data-testid="rule-event">
        {withCurrent(offeredTriggers(w.event), w.event, (x) => x.event, (event) => ({ event, extra: "" as const })).map((x) => (
          <option value={x.event}>{t(("rules.when." + x.event) as Key)}</option>
        ))}
      </select>
      {extra === "label" && (
        <Pick
          label={t("rules.when.label")}
          options={labels.value.map((l) => ({ value: l.name, label: l.name }))}
          value={w.label ?? ""}
          empty={t("rules.when.anyLabel")}
          onChange={(label) => props.onChange({ ...w, label })}
          testid="rule-when-label"
        />
      )}
      {extra === "status" && (
        <Pick
          label={t("rules.when.status")}
          options={["open", "pending", "snoozed", "resolved"].map((s) => ({ value: s, label: t(("status." + s) as Key) }))}
          value={w.status ?? ""}
          empty={t("rules.when.anyStatus")}
          onChange={(status) => props.onChange({ ...w, status })}
        />
      )}
      {extra === "minutes" && (
        <>
          <span>{t(("rules.when." + w.event + ".before") as Key)}</span>
          <Duration key={w.event} label={t("rules.when.time")} minutes={w.minutes} onChange={(minutes) => props.onChange({ ...w, minutes })} testid="rule-when-minutes" />
        </>
      )}
      {["when", "when.event", "when.label", "when.status", "when.minutes"].map((k) => (
        <FieldError text={err(k)} />
      ))}
    </div>
  );
}

/** The dry run's findings: the conversations the rule would have acted on, of how many events. */
function DryRun(props: { result: RuleDryRun; when: RuleWhen }) {
  const r = props.result;
  const tz = me.value?.time_zone;
  const ref = useRef<HTMLDivElement>(null);
  // The findings come below the fold of a long rule: bring them into view.
  useEffect(() => ref.current?.scrollIntoView({ block: "nearest" }), [r]);
  return (
    <div class="rule-dry" role="status" data-testid="rule-dry-run" ref={ref}>
      <p>
        <strong>{r.examined === 1 ? t("rules.test.examined.one") : t("rules.test.examined", { n: r.examined })}</strong>{" "}
        {r.items.length === 1 ? t("rules.test.found.one") : r.items.length ? t("rules.test.found", { n: r.items.length }) : t("rules.test.none")}
      </p>
      {r.items.length > 0 && (
        <ul class="rule-matches">
          {r.items.map((m) => (
            <li>
              <a href={`/inbox/${m.conversation_id}`} target="_blank" rel="noopener">
                {m.contact_name || t("rules.log.conversation", { id: m.conversation_id })}
              </a>
              {m.subject && <span class="muted"> · {m.subject}</span>}
              <span class="muted rule-match-when">
                {" "}
                · {triggerOf(m.event) ? t(("rules.when." + m.event) as Key) : summary(props.when)} · {longTime(m.at, tz)}
              </span>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}

/** The builder's dialog, for a new rule (rule.id 0) or one to change. */
export function RuleBuilder(props: { rule: Rule; onClose: () => void; onSaved: () => void }) {
  const { f, setF, set, err, setErr, busy, submit } = useForm<Rule>(editable(props.rule));
  const [dry, setDry] = useState<{ result: RuleDryRun; when: RuleWhen } | null>(null);
  const [testing, setTesting] = useState(false);
  const change = (g: Partial<Rule>) => setF((p) => ({ ...p, ...g }));
  const fe = (k: string) => err?.fields[k];
  const group = f.if ?? { match: "all", conditions: [], groups: [] };
  const save = submit(async () => {
    if (f.id) await put<Rule>(`/rules/${f.id}`, bodyOf(f));
    else await post<Rule>("/rules", bodyOf(f));
    props.onSaved();
  });
  const test = async () => {
    setTesting(true);
    setErr(null);
    setDry(null);
    try {
      // A rule without a name yet can be tried too.
      setDry({ result: await post<RuleDryRun>("/rules/dry-run", { ...bodyOf(f), name: f.name.trim() || t("rules.untitled") }), when: f.when });
    } catch (x) {
      setErr(problem(x) as Problem);
    } finally {
      setTesting(false);
    }
  };
  const shown = placed(f);
  return (
    <FormModal title={f.id ? t("rules.edit", { name: props.rule.name }) : t("rules.new")} onClose={props.onClose} onSubmit={save} busy={busy} wide>
      <div class="rule-builder" data-testid="rule-builder">
        <Field label={t("rules.name")} error={fe("name")}>
          <input value={f.name} onInput={set("name")} maxLength={100} placeholder={t("rules.namePlaceholder")} data-testid="rule-name" />
        </Field>
        <section class="rule-part" aria-labelledby="rule-when">
          <h3 id="rule-when">{t("rules.when")}</h3>
          <When w={f.when} err={fe} onChange={(when) => change({ when })} />
        </section>
        <section class="rule-part" aria-labelledby="rule-if">
          <h3 id="rule-if">{t("rules.if")}</h3>
          <Conditions g={group} count={conditionCount(group)} err={fe} onChange={(g) => change({ if: g })} />
        </section>
        <section class="rule-part" aria-labelledby="rule-then">
          <h3 id="rule-then">{t("rules.then")}</h3>
          <Actions list={f.then} err={fe} onChange={(then: RuleAction[]) => change({ then })} />
        </section>
        <div class="rule-options">
          <label class="check">
            <input type="checkbox" checked={f.enabled} onChange={set("enabled")} /> {t("rules.enabled")}
          </label>
          <label class="check">
            <input type="checkbox" checked={f.stop_processing} onChange={set("stop_processing")} /> {t("rules.stop")}
          </label>
          <FieldError text={fe("enabled") ?? fe("stop_processing")} />
        </div>
        <div class="rule-test">
          <button type="button" class="ghost" onClick={() => void test()} disabled={testing} data-testid="rule-test">
            {testing ? t("rules.test.running") : t("rules.test")}
          </button>
          <span class="field-hint">{t("rules.test.hint")}</span>
        </div>
        {dry && <DryRun result={dry.result} when={dry.when} />}
        <FormError err={err} shown={shown} />
      </div>
    </FormModal>
  );
}
