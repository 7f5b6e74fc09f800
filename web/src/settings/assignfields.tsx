// The fields an inbox's and a team's automatic assignment share: the strategy, the capacity per
// agent, and each agent's own capacity.
import { t } from "../i18n";
import type { Agent } from "../types";
import { Field } from "../ui";

/** What the shared fields edit, as typed (numbers as text). */
export interface AssignFieldsForm {
  strategy: string;
  capacity: string;
  agent_capacity: Record<string, string>;
}

/** The strategy, capacity and per-agent capacity fields; labels name what "off" means and what the capacity counts. */
export function AssignFields<F extends AssignFieldsForm>(props: {
  f: F;
  setF: (f: F) => void;
  set: (k: keyof F & string) => (e: Event) => void;
  fe: (k: string) => string | undefined;
  agents: Agent[];
  testid: string;
  labels: { off: string; roundRobin: string; balanced: string; capacityHint: string; agentsHint: string };
}) {
  const { f, setF, set, fe, labels } = props;
  return (
    <>
      <Field label={t("assign.strategy")} error={fe("strategy")}>
        <select value={f.strategy} onChange={set("strategy")} data-testid={`${props.testid}-strategy`}>
          <option value="">{labels.off}</option>
          <option value="round_robin">{labels.roundRobin}</option>
          <option value="balanced">{labels.balanced}</option>
        </select>
      </Field>
      <Field label={t("assign.capacity")} hint={labels.capacityHint} error={fe("capacity")}>
        <input type="number" min={0} value={f.capacity} onInput={set("capacity")} data-testid={`${props.testid}-capacity`} />
      </Field>
      <fieldset>
        <legend>{t("assign.agentCapacity")}</legend>
        <p class="field-hint">{labels.agentsHint}</p>
        <div class="assign-agents">
          {props.agents.map((a) => (
            <label class="assign-agent">
              <span>{a.name}</span>
              <input
                type="number"
                min={0}
                value={f.agent_capacity[String(a.id)] ?? ""}
                placeholder={f.capacity}
                aria-label={`${t("assign.agentCapacity")}: ${a.name}`}
                onInput={(e) => setF({ ...f, agent_capacity: { ...f.agent_capacity, [String(a.id)]: (e.currentTarget as HTMLInputElement).value } })}
              />
            </label>
          ))}
        </div>
        {fe("agent_capacity") && <span class="field-error" role="alert">{fe("agent_capacity")}</span>}
      </fieldset>
    </>
  );
}

/** The per-agent capacities typed, as the API takes them (empty: the capacity above). */
export function perAgentCapacity(typed: Record<string, string>): Record<string, number> {
  const out: Record<string, number> = {};
  for (const [id, c] of Object.entries(typed)) if (c.trim() !== "") out[id] = Number(c);
  return out;
}

/** The per-agent capacities read, as the form types them. */
export function typedCapacity(read: Record<string, number> | undefined): Record<string, string> {
  return Object.fromEntries(Object.entries(read ?? {}).map(([id, c]) => [id, String(c)]));
}
