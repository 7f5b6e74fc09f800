// The "If" part of the rule builder: match all or any of the conditions, each a row of field,
// operator (only those valid for the field) and a value editor fitting the field, with one level
// of nested groups. Server errors show beside the control they name (if.conditions.0.values,
// if.groups.1.conditions.0.op).
import { t, type Key } from "../i18n";
import { agents, channels, inboxes, labels, teams } from "../state";
import type { RuleCondition, RuleGroup } from "../types";
import { channelName } from "../ui";
import { attributePrefix, choices, fieldOf, maxConditions, newCondition, offeredFields, valueless, type ValueKind } from "./ruleModel";
import { languageName } from "../inbox/aiNames";
import { FieldError, MultiPick, Pick, type Option } from "./rulePickers";

/** The server's field messages and a lookup of the one for a key. */
export type Errors = (key: string) => string | undefined;

/** The choices of a value kind, from the workspace's lists where it has them. */
function optionsOf(kind: ValueKind): Option[] {
  switch (kind) {
    case "channel": {
      const known = [...channels.value.keys()];
      return (known.length ? known : choices.channel!).map((k) => ({ value: k, label: channelName(k) }));
    }
    case "inbox":
      return inboxes.value.map((i) => ({ value: String(i.id), label: i.name }));
    case "agent":
      return agents.value.map((a) => ({ value: String(a.id), label: a.name }));
    case "team":
      return teams.value.map((x) => ({ value: String(x.id), label: x.name }));
    case "label":
      return labels.value.map((l) => ({ value: l.name, label: l.name }));
    case "priority":
      return choices.priority!.map((p) => ({ value: p, label: t(("priority." + p) as Key) }));
    case "status":
      return choices.status!.map((s) => ({ value: s, label: t(("status." + s) as Key) }));
    case "hours":
      return choices.hours!.map((h) => ({ value: h, label: t(("rules.hours." + h) as Key) }));
    case "kind":
      return choices.kind!.map((k) => ({ value: k, label: t(("rules.kind." + k) as Key) }));
    case "sentiment":
    case "urgency":
      return choices[kind]!.map((x) => ({ value: x, label: t(("ai." + kind + "." + x) as Key) }));
    case "language":
      return choices.language!.map((x) => ({ value: x, label: languageName(x) }));
  }
  return [];
}

/** One condition: field, operator, value. p is its key in the server's errors (if.conditions.0). */
function ConditionRow(props: { c: RuleCondition; p: string; err: Errors; onChange: (c: RuleCondition) => void; onRemove: () => void }) {
  const { c, p, err } = props;
  const f = fieldOf(c.field);
  const attribute = f.field === "contact.attribute";
  const setField = (field: string) => {
    const next = fieldOf(field);
    // Keep the operator and values where the new field takes them (contact.name → contact.email).
    const same = next.kind === f.kind && next.ops.includes(c.op);
    props.onChange({ field, op: same ? c.op : next.ops[0]!, values: same ? c.values : [] });
  };
  const value = () => {
    if (valueless(c.op)) return null;
    if (f.kind === "text")
      return (
        <input
          class="rule-value"
          aria-label={t("rules.value")}
          value={c.values[0] ?? ""}
          placeholder={c.op === "matches" ? t("rules.matchesHint") : ""}
          onInput={(e) => props.onChange({ ...c, values: [e.currentTarget.value] })}
        />
      );
    if (f.kind === "hours")
      return <Pick label={t("rules.value")} options={optionsOf("hours")} value={c.values[0] ?? ""} onChange={(v) => props.onChange({ ...c, values: v ? [v] : [] })} />;
    return <MultiPick label={t("rules.value")} options={optionsOf(f.kind)} value={c.values} onChange={(values) => props.onChange({ ...c, values })} />;
  };
  const errors = [`${p}.field`, `${p}.op`, `${p}.values`, p].map(err).filter(Boolean);
  return (
    <li class="rule-row rule-condition" data-testid="rule-condition">
      <select aria-label={t("rules.field")} value={f.field} onChange={(e) => setField(e.currentTarget.value === "contact.attribute" ? attributePrefix : e.currentTarget.value)}>
        {offeredFields(f.field).map((x) => (
          <option value={x.field}>{t(("rules.field." + x.field) as Key)}</option>
        ))}
      </select>
      {attribute && (
        <input
          class="rule-attr"
          aria-label={t("rules.attributeKey")}
          placeholder={t("rules.attributeKey")}
          value={c.field.slice(attributePrefix.length)}
          onInput={(e) => props.onChange({ ...c, field: attributePrefix + e.currentTarget.value.trim() })}
        />
      )}
      <select aria-label={t("rules.op")} value={c.op} onChange={(e) => props.onChange({ ...c, op: e.currentTarget.value, values: valueless(e.currentTarget.value) ? [] : c.values })}>
        {f.ops.map((o) => (
          <option value={o}>{t(("rules.op." + o) as Key)}</option>
        ))}
      </select>
      {value()}
      <button type="button" class="icon rule-remove" aria-label={t("rules.removeCondition")} title={t("rules.removeCondition")} onClick={props.onRemove}>
        ×
      </button>
      {errors.map((e) => (
        <FieldError text={e} />
      ))}
    </li>
  );
}

/** A group: its match select, its conditions and, at the top level, its nested groups. */
function Group(props: { g: RuleGroup; p: string; nested: boolean; full: boolean; err: Errors; onChange: (g: RuleGroup) => void; onRemove?: () => void }) {
  const { g, p, err } = props;
  const groups = g.groups ?? [];
  const set = (x: Partial<RuleGroup>) => props.onChange({ ...g, ...x });
  const prefix = p ? p + "." : "";
  return (
    <div class={"rule-group" + (props.nested ? " nested" : "")} data-testid={props.nested ? "rule-group" : undefined}>
      <div class="rule-match">
        <span>{props.nested ? t("rules.match.nested") : t("rules.match.lead")}</span>
        <select aria-label={t("rules.match")} value={g.match} onChange={(e) => set({ match: e.currentTarget.value as "all" | "any" })} data-testid={props.nested ? undefined : "rule-match"}>
          <option value="all">{t("rules.match.all")}</option>
          <option value="any">{t("rules.match.any")}</option>
        </select>
        <span>{t("rules.match.tail")}</span>
        {props.onRemove && (
          <button type="button" class="ghost rule-remove-group" onClick={props.onRemove}>
            {t("rules.removeGroup")}
          </button>
        )}
      </div>
      {[p, `${prefix}match`, `${prefix}conditions`, `${prefix}groups`].map((k) => (
        <FieldError text={err(k)} />
      ))}
      {!g.conditions.length && !groups.length && <p class="field-hint">{props.nested ? t("rules.if.emptyGroup") : t("rules.if.none")}</p>}
      <ul class="rule-rows">
        {g.conditions.map((c, n) => (
          <ConditionRow
            c={c}
            p={`${prefix}conditions.${n}`}
            err={err}
            onChange={(x) => set({ conditions: g.conditions.map((y, k) => (k === n ? x : y)) })}
            onRemove={() => set({ conditions: g.conditions.filter((_, k) => k !== n) })}
          />
        ))}
      </ul>
      {groups.map((x, n) => (
        <Group
          g={x}
          p={`${prefix}groups.${n}`}
          nested
          full={props.full}
          err={err}
          onChange={(y) => set({ groups: groups.map((z, k) => (k === n ? y : z)) })}
          onRemove={() => set({ groups: groups.filter((_, k) => k !== n) })}
        />
      ))}
      <div class="rule-adds">
        <button type="button" class="ghost" disabled={props.full} onClick={() => set({ conditions: [...g.conditions, newCondition()] })}>
          + {t("rules.addCondition")}
        </button>
        {!props.nested && (
          <button
            type="button"
            class="ghost"
            disabled={props.full}
            onClick={() => set({ groups: [...groups, { match: g.match === "all" ? "any" : "all", conditions: [newCondition()] }] })}
          >
            + {t("rules.addGroup")}
          </button>
        )}
      </div>
    </div>
  );
}

/** The rule's conditions: a group with nested groups, at most maxConditions in all. */
export function Conditions(props: { g: RuleGroup; count: number; err: Errors; onChange: (g: RuleGroup) => void }) {
  return (
    <>
      <Group g={props.g} p="if" nested={false} full={props.count >= maxConditions} err={props.err} onChange={props.onChange} />
      {props.count >= maxConditions && <p class="field-hint">{t("rules.if.max", { n: maxConditions })}</p>}
    </>
  );
}
