// Settings › Teams › Assignment: how a team shares out the conversations given to it but to no
// agent (off, round robin, balanced) among its online members who see each one's inbox, and each
// member's capacity. A lazy chunk: only admins open it.
import { useEffect } from "preact/hooks";
import { get, put } from "../api";
import { t } from "../i18n";
import { agentById } from "../state";
import type { Team, TeamAssignment } from "../types";
import { AssignFields, type AssignFieldsForm, perAgentCapacity, typedCapacity } from "./assignfields";
import { FormError, FormModal, useForm } from "./crud";

interface Form extends AssignFieldsForm {
  loaded: boolean;
}

export function TeamAssignmentSettings(props: { team: Team; onClose: () => void }) {
  const { f, setF, set, err, setErr, busy, submit } = useForm<Form>({ loaded: false, strategy: "", capacity: "0", agent_capacity: {} });
  const path = `/teams/${props.team.id}/assignment`;
  useEffect(() => {
    get<TeamAssignment>(path)
      .then((s) =>
        setF({
          loaded: true, strategy: s.strategy, capacity: String(s.capacity),
          agent_capacity: typedCapacity(s.agent_capacity),
        }),
      )
      .catch((x) => setErr({ message: x.message, fields: {} }));
  }, [path]);
  const save = submit(async () => {
    await put<TeamAssignment>(path, { strategy: f.strategy, capacity: Number(f.capacity || "0"), agent_capacity: perAgentCapacity(f.agent_capacity) });
    props.onClose();
  });
  const fe = (k: string) => err?.fields[k];
  const members = props.team.agent_ids.map((id) => agentById.value.get(id)).filter((a) => !!a);
  return (
    <FormModal title={t("teamAssign.title", { name: props.team.name })} onClose={props.onClose} onSubmit={save} busy={busy || !f.loaded}>
      <p class="muted">{t("teamAssign.intro")}</p>
      {!f.loaded && !err && <p aria-busy="true">{t("list.loading")}</p>}
      {f.loaded && (
        <div class="assign-form">
          <AssignFields
            f={f}
            setF={setF}
            set={set}
            fe={fe}
            agents={members}
            testid="team-assign"
            labels={{
              off: t("teamAssign.off"), roundRobin: t("teamAssign.roundRobin"), balanced: t("teamAssign.balanced"),
              capacityHint: t("teamAssign.capacityHint"), agentsHint: members.length ? t("assign.agentCapacityHint") : t("teamAssign.noMembers"),
            }}
          />
        </div>
      )}
      <FormError err={err} shown={["strategy", "capacity", "agent_capacity"]} />
    </FormModal>
  );
}
