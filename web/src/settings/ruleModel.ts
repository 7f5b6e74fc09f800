// What the rule builder offers: the triggers, the condition fields with their operators and the
// kind of value each takes, the action types with their fields, and the plain-words summary of a
// trigger the rules list shows. The API's contract is docs/api.md › Rules.
import { addEnglish, t, type Key } from "../i18n";
import { rulesTexts } from "../i18n/en-rules";
import { assistantFeatures, labels as labelList } from "../state";
import type { Rule, RuleAction, RuleCondition, RuleGroup, RuleWhen } from "../types";

addEnglish(rulesTexts); // this chunk's English texts (see addEnglish)

/** The extra field a trigger takes. */
export type WhenExtra = "" | "label" | "status" | "minutes";

/** Every trigger, in the order the builder lists them, with its extra field and its most minutes. */
export const triggers: { event: string; extra: WhenExtra; max?: number; ai?: boolean }[] = [
  { event: "message_received", extra: "" },
  { event: "conversation_created", extra: "" },
  { event: "label_added", extra: "label" },
  { event: "label_removed", extra: "label" },
  { event: "status_changed", extra: "status" },
  { event: "assignee_changed", extra: "" },
  { event: "window_closing", extra: "minutes", max: 1439 },
  { event: "no_customer_reply", extra: "minutes", max: 43200 },
  { event: "no_agent_reply", extra: "minutes", max: 43200 },
  { event: "sla_warning", extra: "" },
  { event: "sla_breached", extra: "" },
  { event: "analysed", extra: "", ai: true },
];

/** The triggers the builder offers: the assistant's only while its analysis is on (or w uses one). */
export const offeredTriggers = (current: string) => triggers.filter((x) => !x.ai || assistantFeatures.value?.analysis || x.event === current);

/** The trigger of event, undefined for one the builder does not know. */
export const triggerOf = (event: string) => triggers.find((x) => x.event === event);

/** The kind of value a condition field compares with, which picks its editor. */
export type ValueKind = "channel" | "inbox" | "agent" | "team" | "label" | "priority" | "status" | "hours" | "kind" | "text" | "sentiment" | "urgency" | "language";

const textOps = ["is", "is_not", "contains", "not_contains", "matches", "is_set", "is_not_set"];

/** The condition fields, their operators (the first is the default) and their values' kind. */
export const fields: { field: string; ops: string[]; kind: ValueKind; ai?: boolean }[] = [
  { field: "channel", ops: ["is", "is_not"], kind: "channel" },
  { field: "inbox", ops: ["is", "is_not"], kind: "inbox" },
  { field: "labels", ops: ["includes", "excludes"], kind: "label" },
  { field: "status", ops: ["is", "is_not"], kind: "status" },
  { field: "priority", ops: ["is", "is_not"], kind: "priority" },
  { field: "assignee", ops: ["is", "is_not", "is_set", "is_not_set"], kind: "agent" },
  { field: "team", ops: ["is", "is_not", "is_set", "is_not_set"], kind: "team" },
  { field: "business_hours", ops: ["is"], kind: "hours" },
  { field: "kind", ops: ["is", "is_not"], kind: "kind" },
  { field: "message.text", ops: ["contains", "not_contains", "matches", "is_set", "is_not_set"], kind: "text" },
  { field: "contact.name", ops: textOps, kind: "text" },
  { field: "contact.email", ops: textOps, kind: "text" },
  { field: "contact.phone", ops: textOps, kind: "text" },
  { field: "contact.language", ops: textOps, kind: "text" },
  { field: "contact.labels", ops: ["includes", "excludes"], kind: "label" },
  { field: "contact.attribute", ops: textOps, kind: "text" },
  { field: "sentiment", ops: ["is", "is_not", "is_set", "is_not_set"], kind: "sentiment", ai: true },
  { field: "urgency", ops: ["is", "is_not", "is_set", "is_not_set"], kind: "urgency", ai: true },
  { field: "language", ops: ["is", "is_not", "is_set", "is_not_set"], kind: "language", ai: true },
];

/** The condition fields the builder offers: the assistant's only while its analysis is on (or the
 * condition uses one). */
export const offeredFields = (current: string) => fields.filter((x) => !x.ai || assistantFeatures.value?.analysis || x.field === current);

/** A contact attribute's condition names its key after this prefix. */
export const attributePrefix = "contact.attribute.";

/** The builder's entry for a condition's field (contact.attribute.plan → contact.attribute). */
export function fieldOf(field: string) {
  const base = field.startsWith(attributePrefix) ? "contact.attribute" : field;
  return fields.find((f) => f.field === base) ?? fields[0]!;
}

/** Whether op compares with no value. */
export const valueless = (op: string) => op === "is_set" || op === "is_not_set";

/** The fixed choices of the value kinds that have them. */
export const choices: Partial<Record<ValueKind, string[]>> = {
  status: ["open", "pending", "snoozed", "resolved"],
  priority: ["none", "low", "medium", "high", "urgent"],
  hours: ["open", "closed"],
  kind: ["direct", "comment"],
  sentiment: ["negative", "neutral", "positive"],
  urgency: ["high", "normal", "low"],
  language: ["en", "it", "es", "fr", "pt"], // the languages the built-in analysers read
  channel: ["whatsapp", "messenger", "instagram", "rcs", "sms", "email", "webchat", "telegram", "api"],
};

/** The field an action type takes, in the order the builder shows them. */
export type ActionField = "agent_id" | "team_id" | "labels" | "priority" | "minutes" | "canned_id" | "template" | "language" | "text" | "agent_ids" | "webhook_id" | "sla_policy_id";

export const actions: { type: string; fields: ActionField[] }[] = [
  { type: "assign_agent", fields: ["agent_id"] },
  { type: "assign_team", fields: ["team_id"] },
  { type: "unassign", fields: [] },
  { type: "add_label", fields: ["labels"] },
  { type: "remove_label", fields: ["labels"] },
  { type: "set_priority", fields: ["priority"] },
  { type: "snooze", fields: ["minutes"] },
  { type: "resolve", fields: [] },
  { type: "reopen", fields: [] },
  { type: "send_canned", fields: ["canned_id"] },
  { type: "send_template", fields: ["template", "language"] },
  { type: "add_note", fields: ["text"] },
  { type: "notify_agents", fields: ["agent_ids", "text"] },
  { type: "call_webhook", fields: ["webhook_id"] },
  { type: "apply_sla", fields: ["sla_policy_id"] },
  { type: "start_bot", fields: [] },
  { type: "pause_bot", fields: [] },
];

/** The action types the builder offers. */

/** The fields of an action type. */
export const actionFields = (type: string) => actions.find((a) => a.type === type)?.fields ?? [];

/** The most actions a rule runs, and the most conditions it tests. */
export const maxActions = 10;
export const maxConditions = 20;

/** A new, empty condition on field (its first operator). */
export const newCondition = (field = "channel"): RuleCondition => ({ field, op: fieldOf(field).ops[0]!, values: [] });

/** An action of type with only the fields that type takes, kept from a; lists start empty. */
export function actionOf(type: string, a: RuleAction = { type }): RuleAction {
  const out: RuleAction = { type };
  for (const f of actionFields(type)) {
    const v = a[f];
    if (v !== undefined) (out as any)[f] = v;
    else if (f === "labels" || f === "agent_ids") (out as any)[f] = [];
    else if (f === "priority") out.priority = "high";
  }
  return out;
}

/** A trigger of event, keeping the extra field of w when the new trigger takes the same one. */
export function whenOf(event: string, w: RuleWhen = { event }): RuleWhen {
  const extra = triggerOf(event)?.extra;
  if (extra === "label") return { event, label: w.label ?? "" };
  if (extra === "status") return { event, status: w.status ?? "" };
  if (extra === "minutes") return { event, minutes: w.minutes || 60 };
  return { event };
}

/** The rule a new one starts from. */
export const blankRule = (): Rule => ({
  id: 0,
  name: "",
  enabled: true,
  position: 0,
  stop_processing: false,
  when: whenOf(labelList.value.length ? "label_added" : "message_received"),
  if: { match: "all", conditions: [], groups: [] },
  then: [{ type: "add_note", text: "" }],
  created_at: "",
  updated_at: "",
  last_run_at: null,
  runs: 0,
});

/** How many conditions a group tests, nested groups included. */
export const conditionCount = (g: RuleGroup | null | undefined): number =>
  (g?.conditions?.length ?? 0) + (g?.groups ?? []).reduce((n, x) => n + conditionCount(x), 0);

/** A group as the builder edits it: lists where the server may say null (no conditions, no values). */
const groupOf = (g: RuleGroup | null | undefined): RuleGroup => ({
  match: g?.match === "any" ? "any" : "all",
  conditions: (g?.conditions ?? []).map((c) => ({ ...c, values: c.values ?? [] })),
  groups: (g?.groups ?? []).map(groupOf),
});

/** A rule as the builder edits it. */
export const editable = (r: Rule): Rule => ({ ...r, if: groupOf(r.if) });

/** The choices of a select: the offered ones, and the current value when it is not offered (one
 * this build does not know, sent by a newer server), so the select does not show another. */
export function withCurrent<T>(offered: T[], current: string, key: (x: T) => string, make: (v: string) => T): T[] {
  return !current || offered.some((x) => key(x) === current) ? offered : [...offered, make(current)];
}

/** A duration in minutes as words ("2 hours", "90 minutes"). */
export function duration(minutes: number): string {
  if (minutes >= 60 && minutes % 60 === 0) return t(minutes === 60 ? "rules.hour" : "rules.hours", { n: minutes / 60 });
  return t(minutes === 1 ? "rules.minute" : "rules.minutes", { n: minutes });
}

/** A rule's trigger in plain words: "When the label “vip” is added". */
export function summary(w: RuleWhen): string {
  const key = ("rules.when." + w.event) as Key;
  switch (triggerOf(w.event)?.extra) {
    case "label":
      return w.label ? t((key + ".one") as Key, { label: w.label }) : t(key);
    case "status":
      return w.status ? t("rules.when.status_changed.one", { status: t(("status." + w.status) as Key) }) : t(key);
    case "minutes":
      return t((key + ".n") as Key, { time: duration(w.minutes ?? 0) });
  }
  return t(key);
}
