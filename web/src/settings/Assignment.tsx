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
import { AssignFields, perAgentCapacity, typedCapacity } from "./assignfields";
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
          agent_capacity: typedCapacity(s.agent_capacity),
        }),
      )
      .catch((x) => setErr({ message: x.message, fields: {} }));
  }, [path]);
  const save = submit(async () => {
    await put<Settings>(path, {
      strategy: f.strategy, capacity: Number(f.capacity || "0"), agent_capacity: perAgentCapacity(f.agent_capacity),
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
          <AssignFields
            f={f}
            setF={setF}
            set={set}
            fe={fe}
            agents={agents.value}
            testid="assign"
            labels={{
              off: t("assign.off"), roundRobin: t("assign.roundRobin"), balanced: t("assign.balanced"),
              capacityHint: t("assign.capacityHint"), agentsHint: t("assign.agentCapacityHint"),
            }}
          />
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
