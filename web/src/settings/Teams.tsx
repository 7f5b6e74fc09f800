// Settings › Teams: groups of agents, which can belong to inboxes and be assigned conversations.
import { useEffect, useState } from "preact/hooks";
import { patch, post } from "../api";
import { t } from "../i18n";
import { agentById, agents, loadTeams, teams } from "../state";
import type { Team } from "../types";
import { Avatar, Field } from "../ui";
import { CheckGroup, DeleteConfirm, FormError, FormModal, Page, RowActions, Table, useForm } from "./crud";

type Dialog = { kind: "new" } | { kind: "edit" | "delete" | "assignment"; team: Team } | null;

export function Teams() {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <Page title={t("settings.teams")} intro={t("settings.teams.intro")} add={t("settings.teams.new")} onAdd={() => setDialog({ kind: "new" })}>
      <Table
        caption={t("settings.teams")}
        heads={[t("field.name"), t("settings.description"), t("settings.teams.members")]}
        empty={t("settings.teams.empty")}
        count={teams.value.length}
      >
        {teams.value.map((tm) => (
          <tr>
            <td>{tm.name}</td>
            <td class="muted">{tm.description}</td>
            <td>
              {tm.agent_ids
                .map((id) => agentById.value.get(id)?.name)
                .filter(Boolean)
                .join(", ") || <span class="muted">{t("settings.teams.noMembers")}</span>}
            </td>
            <td>
              <RowActions
                name={tm.name}
                actions={[
                  { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", team: tm }) },
                  { label: t("assign.menu"), onClick: () => setDialog({ kind: "assignment", team: tm }) },
                  { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", team: tm }) },
                ]}
              />
            </td>
          </tr>
        ))}
      </Table>
      {dialog?.kind === "new" && <TeamForm onClose={close} />}
      {dialog?.kind === "edit" && <TeamForm team={dialog.team} onClose={close} />}
      {dialog?.kind === "assignment" && <AssignmentDialog team={dialog.team} onClose={close} />}
      {dialog?.kind === "delete" && (
        <DeleteConfirm          title={t("settings.teams.deleteTitle", { name: dialog.team.name })}          message={t("settings.teams.deleteMessage")}          path={`/teams/${dialog.team.id}`}          reload={loadTeams}          onClose={close}        />
      )}
    </Page>
  );
}

/** Creates a team, or changes one when team is given. */
function TeamForm(props: { team?: Team; onClose: () => void }) {
  const tm = props.team;
  const { f, setF, set, err, busy, submit } = useForm({
    name: tm?.name ?? "",
    description: tm?.description ?? "",
    agent_ids: tm?.agent_ids ?? ([] as number[]),
  });
  const save = submit(async () => {
    if (tm) await patch<Team>(`/teams/${tm.id}`, f);
    else await post<Team>("/teams", f);
    await loadTeams();
    props.onClose();
  });
  return (
    <FormModal
      title={tm ? t("settings.teams.editTitle", { name: tm.name }) : t("settings.teams.new")}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      submit={tm ? undefined : t("settings.teams.create")}
    >
      <Field label={t("field.name")} error={err?.fields.name}>
        <input name="name" required value={f.name} onInput={set("name")} />
      </Field>
      <Field label={t("settings.description")} error={err?.fields.description}>
        <textarea name="description" rows={2} value={f.description} onInput={set("description")} />
      </Field>
      <CheckGroup
        legend={t("settings.teams.members")}
        options={agents.value.map((a) => ({
          value: a.id,
          label: (
            <>
              <Avatar name={a.name} url={a.avatar_url} size={20} /> {a.name}
            </>
          ),
        }))}
        value={f.agent_ids}
        onChange={(agent_ids) => setF({ ...f, agent_ids })}
        error={err?.fields.agent_ids}
      />
      <FormError err={err} shown={["name", "description", "agent_ids"]} />
    </FormModal>
  );
}

let assignmentChunk: Promise<typeof import("./TeamAssignment").TeamAssignmentSettings> | undefined;

/** A team's automatic assignment settings, a lazy chunk loaded as it is first opened. */
function AssignmentDialog(props: { team: Team; onClose: () => void }) {
  const [C, setC] = useState<typeof import("./TeamAssignment").TeamAssignmentSettings | null>(null);
  useEffect(() => {
    assignmentChunk ??= import("./TeamAssignment").then((m) => m.TeamAssignmentSettings);
    void assignmentChunk.then((c) => setC(() => c));
  }, []);
  return C ? <C team={props.team} onClose={props.onClose} /> : null;
}
