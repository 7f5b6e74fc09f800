// Settings › Inboxes › Assignment: how an inbox shares its conversations out among its online
// members (off, round robin, balanced), each agent's capacity, when an offline agent's
// conversations return to the queue, and self-assignment by replying. A lazy chunk: only admins
// open it.
import { useEffect } from "preact/hooks";
import { get, put } from "../api";
import { t } from "../i18n";
import { agents } from "../state";
import type { Inbox } from "../types";
import { Field } from "../ui";
import { FormError, FormModal, useForm } from "./crud";

interface Settings {
  strategy: "" | "round_robin" | "balanced";
  capacity: number;
  agent_capacity: Record<string, number>;
  offline_return_minutes: number;
  self_assign_on_reply: boolean;
}

interface Form {
  loaded: boolean;
  strategy: string;
  capacity: string;
  agent_capacity: Record<string, string>;
  offline_return_minutes: string;
  self_assign_on_reply: boolean;
}

export function AssignmentSettings(props: { inbox: Inbox; onClose: () => void }) {
  const { f, setF, set, err, setErr, busy, submit } = useForm<Form>({
    loaded: false, strategy: "", capacity: "0", agent_capacity: {}, offline_return_minutes: "0", self_assign_on_reply: true,
  });
  const path = `/inboxes/${props.inbox.id}/assignment`;
  useEffect(() => {
    get<Settings>(path)
      .then((s) =>
        setF({
          loaded: true, strategy: s.strategy, capacity: String(s.capacity), offline_return_minutes: String(s.offline_return_minutes),
          self_assign_on_reply: s.self_assign_on_reply,
          agent_capacity: Object.fromEntries(Object.entries(s.agent_capacity ?? {}).map(([id, c]) => [id, String(c)])),
        }),
      )
      .catch((x) => setErr({ message: x.message, fields: {} }));
  }, [path]);
  const save = submit(async () => {
    const perAgent: Record<string, number> = {};
    for (const [id, c] of Object.entries(f.agent_capacity)) if (c.trim() !== "") perAgent[id] = Number(c);
    await put<Settings>(path, {
      strategy: f.strategy, capacity: Number(f.capacity || "0"), agent_capacity: perAgent,
      offline_return_minutes: Number(f.offline_return_minutes || "0"), self_assign_on_reply: f.self_assign_on_reply,
    });
    props.onClose();
  });
  const fe = (k: string) => err?.fields[k];
  return (
    <FormModal title={t("assign.title", { name: props.inbox.name })} onClose={props.onClose} onSubmit={save} busy={busy || !f.loaded}>
      <p class="muted">{t("assign.intro")}</p>
      {!f.loaded && !err && <p aria-busy="true">{t("list.loading")}</p>}
      {f.loaded && (
        <div class="assign-form">
          <Field label={t("assign.strategy")} error={fe("strategy")}>
            <select value={f.strategy} onChange={set("strategy")} data-testid="assign-strategy">
              <option value="">{t("assign.off")}</option>
              <option value="round_robin">{t("assign.roundRobin")}</option>
              <option value="balanced">{t("assign.balanced")}</option>
            </select>
          </Field>
          <Field label={t("assign.capacity")} hint={t("assign.capacityHint")} error={fe("capacity")}>
            <input type="number" min={0} value={f.capacity} onInput={set("capacity")} data-testid="assign-capacity" />
          </Field>
          <fieldset>
            <legend>{t("assign.agentCapacity")}</legend>
            <p class="field-hint">{t("assign.agentCapacityHint")}</p>
            <div class="assign-agents">
              {agents.value.map((a) => (
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
          <Field label={t("assign.offlineReturn")} hint={t("assign.offlineReturnHint")} error={fe("offline_return_minutes")}>
            <input type="number" min={0} value={f.offline_return_minutes} onInput={set("offline_return_minutes")} data-testid="assign-offline" />
          </Field>
          <label class="check">
            <input type="checkbox" checked={f.self_assign_on_reply} onChange={set("self_assign_on_reply")} /> {t("assign.selfAssign")}
          </label>
        </div>
      )}
      <FormError err={err} shown={["strategy", "capacity", "agent_capacity", "offline_return_minutes"]} />
    </FormModal>
  );
}
