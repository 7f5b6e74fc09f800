// The "Then" part of the rule builder: the ordered actions, each a type and the fields that type
// takes (agent, team, labels, priority, minutes, canned response, template, note, agents to
// notify, webhook). Server errors show beside the field they name (then.1.agent_id).
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { t, type Key } from "../i18n";
import { agents, canned, labels, teams } from "../state";
import type { RuleAction, Webhook } from "../types";
import { actionFields, actionOf, actions, choices, maxActions, withCurrent, type ActionField } from "./ruleModel";
import type { Errors } from "./RuleConditions";
import { Duration, FieldError, MultiPick, Pick, type Option } from "./rulePickers";

/** The picks of the webhooks and SLA policies, loaded once the builder opens. */
type Lists = { webhooks: Option[]; slaPolicies: Option[] };

const agentOptions = () => agents.value.map((a) => ({ value: String(a.id), label: a.name }));

/** The control of one field of an action. */
function ActionInput(props: { a: RuleAction; f: ActionField; lists: Lists; onChange: (a: RuleAction) => void }) {
  const { a, f } = props;
  const label = t(("rules.do.field." + f) as Key);
  const id = (k: "agent_id" | "team_id" | "canned_id" | "webhook_id" | "sla_policy_id", options: Option[]) => (
    <Pick label={label} options={options} value={a[k] ? String(a[k]) : ""} onChange={(v) => props.onChange({ ...a, [k]: v ? Number(v) : undefined })} testid={`rule-${k}`} />
  );
  switch (f) {
    case "agent_id":
      return id("agent_id", agentOptions());
    case "team_id":
      return id("team_id", teams.value.map((x) => ({ value: String(x.id), label: x.name })));
    case "canned_id":
      return id("canned_id", canned.value.map((c) => ({ value: String(c.id), label: `/${c.shortcut} · ${c.title}` })));
    case "webhook_id":
      return id("webhook_id", props.lists.webhooks);
    case "sla_policy_id":
      return id("sla_policy_id", props.lists.slaPolicies);
    case "labels":
      return <MultiPick label={label} options={labels.value.map((l) => ({ value: l.name, label: l.name }))} value={a.labels ?? []} onChange={(v) => props.onChange({ ...a, labels: v })} />;
    case "agent_ids":
      return (
        <MultiPick label={label} options={agentOptions()} value={(a.agent_ids ?? []).map(String)} onChange={(v) => props.onChange({ ...a, agent_ids: v.map(Number) })} />
      );
    case "priority":
      return (
        <select aria-label={label} value={a.priority} onChange={(e) => props.onChange({ ...a, priority: e.currentTarget.value })}>
          {choices.priority!.map((p) => (
            <option value={p}>{t(("priority." + p) as Key)}</option>
          ))}
        </select>
      );
    case "minutes":
      return (
        <span class="rule-inline">
          <span aria-hidden="true">{label}</span>
          <Duration label={label} minutes={a.minutes} onChange={(m) => props.onChange({ ...a, minutes: m })} />
        </span>
      );
    case "text":
      return <textarea class="rule-text" aria-label={label} placeholder={label} rows={2} value={a.text ?? ""} onInput={(e) => props.onChange({ ...a, text: e.currentTarget.value })} />;
    case "template":
    case "language":
      return (
        <label class="rule-inline">
          <span>{label}</span>
          <input
            class={f === "language" ? "rule-lang" : "rule-tpl"}
            placeholder={f === "language" ? "en_US" : ""}
            value={a[f] ?? ""}
            onInput={(e) => props.onChange({ ...a, [f]: e.currentTarget.value })}
          />
        </label>
      );
  }
}

/** One action: its type and fields, buttons to move it and to remove it. p is its key (then.0). */
function ActionRow(props: { a: RuleAction; p: string; n: number; count: number; lists: Lists; err: Errors; onChange: (a: RuleAction) => void; onMove: (by: number) => void; onRemove: () => void }) {
  const { a, p, err } = props;
  const fs = actionFields(a.type);
  const own = [p, `${p}.type`].map(err).filter(Boolean);
  return (
    <li class="rule-row rule-action" data-testid="rule-action">
      <span class="rule-step" aria-hidden="true">
        {props.n + 1}.
      </span>
      <select aria-label={t("rules.action")} value={a.type} onChange={(e) => props.onChange(actionOf(e.currentTarget.value, a))} data-testid="rule-action-type">
        {withCurrent(actions, a.type, (x) => x.type, (type) => ({ type, fields: [] })).map((x) => (
          <option value={x.type}>{t(("rules.do." + x.type) as Key)}</option>
        ))}
      </select>
      {fs.map((f) => (
        <span class={"rule-field rule-field-" + f}>
          <ActionInput a={a} f={f} lists={props.lists} onChange={props.onChange} />
          <FieldError text={err(`${p}.${f}`)} />
        </span>
      ))}
      <span class="rule-order">
        <button type="button" class="icon" aria-label={t("rules.moveUp")} title={t("rules.moveUp")} disabled={props.n === 0} onClick={() => props.onMove(-1)}>
          ↑
        </button>
        <button type="button" class="icon" aria-label={t("rules.moveDown")} title={t("rules.moveDown")} disabled={props.n === props.count - 1} onClick={() => props.onMove(1)}>
          ↓
        </button>
        <button type="button" class="icon rule-remove" aria-label={t("rules.removeAction")} title={t("rules.removeAction")} disabled={props.count === 1} onClick={props.onRemove}>
          ×
        </button>
      </span>
      {own.map((e) => (
        <FieldError text={e} />
      ))}
    </li>
  );
}

/** The rule's actions, run in order: 1 to maxActions of them. */
export function Actions(props: { list: RuleAction[]; err: Errors; onChange: (list: RuleAction[]) => void }) {
  const [lists, setLists] = useState<Lists>({ webhooks: [], slaPolicies: [] });
  const list = props.list;
  useEffect(() => {
    void get<{ items: Webhook[] }>("/webhooks")
      .then((r) => setLists((l) => ({ ...l, webhooks: r.items.map((w) => ({ value: String(w.id), label: w.description ? `${w.description} · ${w.url}` : w.url })) })))
      .catch(() => {});
    void get<{ items: { id: number; name: string }[] }>("/sla-policies")
      .then((r) => setLists((l) => ({ ...l, slaPolicies: r.items.map((x) => ({ value: String(x.id), label: x.name })) })))
      .catch(() => {});
  }, []);
  const move = (n: number, by: number) => {
    const next = [...list];
    [next[n], next[n + by]] = [next[n + by]!, next[n]!];
    props.onChange(next);
  };
  return (
    <>
      <ol class="rule-rows">
        {list.map((a, n) => (
          <ActionRow
            a={a}
            p={`then.${n}`}
            n={n}
            count={list.length}
            lists={lists}
            err={props.err}
            onChange={(x) => props.onChange(list.map((y, k) => (k === n ? x : y)))}
            onMove={(by) => move(n, by)}
            onRemove={() => props.onChange(list.filter((_, k) => k !== n))}
          />
        ))}
      </ol>
      <FieldError text={props.err("then")} />
      <div class="rule-adds">
        <button type="button" class="ghost" disabled={list.length >= maxActions} onClick={() => props.onChange([...list, actionOf("add_label")])}>
          + {t("rules.addAction")}
        </button>
        {list.length >= maxActions && <span class="field-hint">{t("rules.then.max", { n: maxActions })}</span>}
      </div>
    </>
  );
}
