// Settings › SLA policies: how soon the team promises to answer and resolve. Admins create, edit
// and delete policies; applying one to a conversation happens in its header (or by a rule).
import { useEffect, useState } from "preact/hooks";
import { get, post, put } from "../api";
import { t } from "../i18n";
import { onEvent } from "../stream";
import type { SLAPolicy, SLATarget } from "../types";
import { Field, problem } from "../ui";
import { DeleteConfirm, FormError, FormModal, Page, RowActions, Table, useForm } from "./crud";
import { slaDuration } from "../inbox/SLATimers";

type Dialog = { kind: "new" } | { kind: "edit" | "delete"; policy: SLAPolicy } | null;

const targets: { target: SLATarget; field: "first_response_minutes" | "next_response_minutes" | "resolution_minutes"; hint: string }[] = [
  { target: "first_response", field: "first_response_minutes", hint: "sla.firstHint" },
  { target: "next_response", field: "next_response_minutes", hint: "sla.nextHint" },
  { target: "resolution", field: "resolution_minutes", hint: "sla.resolutionHint" },
];

export function SLAPolicies() {
  const [policies, setPolicies] = useState<SLAPolicy[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [msg, setMsg] = useState("");
  const load = () =>
    get<{ items: SLAPolicy[] }>("/sla-policies")
      .then((r) => setPolicies(r.items))
      .catch((x) => setMsg(problem(x).message));
  useEffect(() => {
    void load();
    return onEvent((e) => {
      if (e.type === "sla_policy.changed") void load();
    });
  }, []);
  const close = () => setDialog(null);
  const list = policies ?? [];
  return (
    <Page title={t("settings.sla")} intro={t("sla.intro")} add={t("sla.new")} onAdd={() => setDialog({ kind: "new" })}>
      {msg && (
        <p class="settings-status" role="status">
          {msg}
        </p>
      )}
      {policies && (
        <Table caption={t("settings.sla")} heads={[t("field.name"), t("sla.targets"), t("sla.counts")]} empty={t("sla.empty")} count={list.length}>
          {list.map((p) => (
            <tr data-policy={p.name}>
              <td>{p.name}</td>
              <td class="wrap sla-targets">
                {targets
                  .filter((x) => p[x.field] > 0)
                  .map((x) => (
                    <span>
                      {t(("sla." + x.target) as any)}: {slaDuration(p[x.field] * 60_000)}
                    </span>
                  ))}
              </td>
              <td class="muted">{p.business_hours ? t("sla.inBusinessHours") : t("sla.calendar")}</td>
              <td>
                <RowActions
                  name={p.name}
                  actions={[
                    { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", policy: p }) },
                    { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", policy: p }) },
                  ]}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {dialog?.kind === "new" && <PolicyForm onClose={close} reload={load} />}
      {dialog?.kind === "edit" && <PolicyForm policy={dialog.policy} onClose={close} reload={load} />}
      {dialog?.kind === "delete" && (
        <DeleteConfirm
          title={t("sla.deleteTitle", { name: dialog.policy.name })}
          message={t("sla.deleteMessage")}
          path={`/sla-policies/${dialog.policy.id}`}
          reload={load}
          onClose={close}
        />
      )}
    </Page>
  );
}

/** Creates a policy, or changes one when policy is given. Minutes are typed as text: "" is 0. */
function PolicyForm(props: { policy?: SLAPolicy; onClose: () => void; reload: () => Promise<unknown> }) {
  const p = props.policy;
  const minutes = (n: number | undefined) => (n ? String(n) : "");
  const { f, set, err, busy, submit } = useForm({
    name: p?.name ?? "",
    first_response_minutes: minutes(p?.first_response_minutes),
    next_response_minutes: minutes(p?.next_response_minutes),
    resolution_minutes: minutes(p?.resolution_minutes),
    warn_minutes: minutes(p?.warn_minutes),
    business_hours: p?.business_hours ?? true,
  });
  const save = submit(async () => {
    const n = (s: string) => Number(s || 0);
    const body = {
      name: f.name,
      first_response_minutes: n(f.first_response_minutes),
      next_response_minutes: n(f.next_response_minutes),
      resolution_minutes: n(f.resolution_minutes),
      warn_minutes: n(f.warn_minutes),
      business_hours: f.business_hours,
    };
    if (p) await put<SLAPolicy>(`/sla-policies/${p.id}`, body);
    else await post<SLAPolicy>("/sla-policies", body);
    await props.reload();
    props.onClose();
  });
  return (
    <FormModal title={p ? t("sla.editTitle", { name: p.name }) : t("sla.new")} onClose={props.onClose} onSubmit={save} busy={busy} submit={p ? undefined : t("sla.create")}>
      <Field label={t("field.name")} error={err?.fields.name}>
        <input name="name" required maxLength={100} value={f.name} onInput={set("name")} />
      </Field>
      {targets.map((x) => (
        <Field label={t(("sla." + x.target) as any)} error={err?.fields[x.field]} hint={t(x.hint as any)}>
          <input name={x.field} type="number" min={0} max={525600} inputMode="numeric" value={f[x.field]} onInput={set(x.field)} />
        </Field>
      ))}
      <Field label={t("sla.warn")} error={err?.fields.warn_minutes} hint={t("sla.warnHint")}>
        <input name="warn_minutes" type="number" min={0} max={525600} inputMode="numeric" value={f.warn_minutes} onInput={set("warn_minutes")} />
      </Field>
      <label class="check">
        <input name="business_hours" type="checkbox" checked={f.business_hours} onChange={set("business_hours")} /> {t("sla.businessHours")}
      </label>
      <p class="field-hint">{t("sla.businessHoursHint")}</p>
      <FormError err={err} shown={["name", "first_response_minutes", "next_response_minutes", "resolution_minutes", "warn_minutes"]} />
    </FormModal>
  );
}
