// Settings › Agents: the people who answer conversations. Admins add them, change their name,
// email and role, set their password and remove them.
import { useState } from "preact/hooks";
import { patch, post, put } from "../api";
import { t } from "../i18n";
import { agents, loadAgents, me } from "../state";
import type { Agent, Role } from "../types";
import { Avatar, Field } from "../ui";
import { DeleteConfirm, FormError, FormModal, Page, RowActions, Table, timeZones, useForm } from "./crud";

const roles: Role[] = ["admin", "supervisor", "agent"];

type Dialog = { kind: "new" } | { kind: "edit" | "password" | "delete"; agent: Agent } | null;

export function Agents() {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <Page title={t("settings.agents")} intro={t("settings.agents.intro")} add={t("settings.agents.new")} onAdd={() => setDialog({ kind: "new" })}>
      <Table
        caption={t("settings.agents")}
        heads={[t("field.name"), t("field.email"), t("settings.agents.role"), t("profile.presence")]}
        empty={t("settings.agents.empty")}
        count={agents.value.length}
      >
        {agents.value.map((a) => (
          <tr>
            <td>
              <span class="who">
                <Avatar name={a.name} url={a.avatar_url} size={24} /> {a.name}
                {a.id === me.value?.id && <span class="muted"> {t("settings.agents.you")}</span>}
              </span>
            </td>
            <td>{a.email}</td>
            <td>{roleName(a.role)}</td>
            <td>
              <span class={"presence-dot inline " + a.presence} /> {t(("presence." + a.presence) as "presence.online")}
            </td>
            <td>
              <RowActions
                name={a.name}
                actions={[
                  { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", agent: a }) },
                  // One's own password is changed in the profile, with the current one.
                  a.id !== me.value?.id && { label: t("settings.agents.setPassword"), onClick: () => setDialog({ kind: "password", agent: a }) },
                  a.id !== me.value?.id && { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", agent: a }) },
                ]}
              />
            </td>
          </tr>
        ))}
      </Table>
      {dialog?.kind === "new" && <NewAgent onClose={close} />}
      {dialog?.kind === "edit" && <EditAgent agent={dialog.agent} onClose={close} />}
      {dialog?.kind === "password" && <SetPassword agent={dialog.agent} onClose={close} />}
      {dialog?.kind === "delete" && (
        <DeleteConfirm          title={t("settings.agents.deleteTitle", { name: dialog.agent.name })}          message={t("settings.agents.deleteMessage")}          path={`/agents/${dialog.agent.id}`}          reload={loadAgents}          onClose={close}        />
      )}
    </Page>
  );
}

function roleName(r: Role) {
  return t(("settings.role." + r) as "settings.role.agent");
}

function RoleSelect(props: { value: Role; onChange: (e: Event) => void }) {
  return (
    <select name="role" value={props.value} onChange={props.onChange}>
      {roles.map((r) => (
        <option value={r}>{roleName(r)}</option>
      ))}
    </select>
  );
}

function NewAgent(props: { onClose: () => void }) {
  const tz = Intl.DateTimeFormat().resolvedOptions().timeZone || "UTC";
  const { f, set, err, busy, submit } = useForm({ name: "", email: "", role: "agent" as Role, password: "", time_zone: tz });
  const save = submit(async () => {
    await post<Agent>("/agents", f);
    await loadAgents();
    props.onClose();
  });
  return (
    <FormModal title={t("settings.agents.new")} onClose={props.onClose} onSubmit={save} busy={busy} submit={t("settings.agents.create")}>
      <Field label={t("field.name")} error={err?.fields.name}>
        <input name="name" required value={f.name} onInput={set("name")} />
      </Field>
      <Field label={t("field.email")} error={err?.fields.email}>
        <input name="email" type="email" required value={f.email} onInput={set("email")} />
      </Field>
      <Field label={t("settings.agents.role")} error={err?.fields.role} hint={t("settings.agents.roleHint")}>
        <RoleSelect value={f.role} onChange={set("role")} />
      </Field>
      <Field label={t("field.password")} error={err?.fields.password} hint={t("setup.passwordHint")}>
        <input name="password" type="password" autocomplete="new-password" required minLength={10} value={f.password} onInput={set("password")} />
      </Field>
      <Field label={t("field.timeZone")} error={err?.fields.time_zone}>
        <select name="time_zone" value={f.time_zone} onChange={set("time_zone")}>
          {!timeZones.includes(f.time_zone) && <option value={f.time_zone}>{f.time_zone}</option>}
          {timeZones.map((z) => (
            <option value={z}>{z}</option>
          ))}
        </select>
      </Field>
      <FormError err={err} shown={["name", "email", "role", "password", "time_zone"]} />
    </FormModal>
  );
}

function EditAgent(props: { agent: Agent; onClose: () => void }) {
  const a = props.agent;
  const { f, set, err, busy, submit } = useForm({ name: a.name, email: a.email, role: a.role });
  const save = submit(async () => {
    await patch<Agent>(`/agents/${a.id}`, f);
    await loadAgents();
    props.onClose();
  });
  return (
    <FormModal title={t("settings.agents.editTitle", { name: a.name })} onClose={props.onClose} onSubmit={save} busy={busy}>
      <Field label={t("field.name")} error={err?.fields.name}>
        <input name="name" required value={f.name} onInput={set("name")} />
      </Field>
      <Field label={t("field.email")} error={err?.fields.email}>
        <input name="email" type="email" required value={f.email} onInput={set("email")} />
      </Field>
      <Field label={t("settings.agents.role")} error={err?.fields.role} hint={t("settings.agents.roleHint")}>
        <RoleSelect value={f.role} onChange={set("role")} />
      </Field>
      <FormError err={err} shown={["name", "email", "role"]} />
    </FormModal>
  );
}

function SetPassword(props: { agent: Agent; onClose: () => void }) {
  const { f, set, err, busy, submit } = useForm({ password: "" });
  const save = submit(async () => {
    await put(`/agents/${props.agent.id}/password`, f);
    props.onClose();
  });
  return (
    <FormModal
      title={t("settings.agents.passwordTitle", { name: props.agent.name })}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      submit={t("settings.agents.setPassword")}
    >
      <Field label={t("profile.newPassword")} error={err?.fields.password} hint={t("setup.passwordHint")}>
        <input name="password" type="password" autocomplete="new-password" required minLength={10} value={f.password} onInput={set("password")} />
      </Field>
      <p class="muted">{t("settings.agents.passwordEnds")}</p>
      <FormError err={err} shown={["password"]} />
    </FormModal>
  );
}
