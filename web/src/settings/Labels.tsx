// Settings › Labels: the tags agents put on conversations, each with a colour and a description.
import { useState } from "preact/hooks";
import { patch, post } from "../api";
import { t } from "../i18n";
import { labels, loadLabels } from "../state";
import type { Label } from "../types";
import { Field, LabelChip } from "../ui";
import { DeleteConfirm, FormError, FormModal, Page, RowActions, Table, useForm } from "./crud";

/** switchboard.DefaultLabelColor, what a label gets when created without a colour. */
const defaultColor = "#6b7280";

type Dialog = { kind: "new" } | { kind: "edit" | "delete"; label: Label } | null;

export function Labels() {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <Page title={t("settings.labels")} intro={t("settings.labels.intro")} add={t("label.new")} onAdd={() => setDialog({ kind: "new" })}>
      <Table
        caption={t("settings.labels")}
        heads={[t("field.name"), t("settings.labels.color"), t("settings.description")]}
        empty={t("settings.labels.empty")}
        count={labels.value.length}
      >
        {labels.value.map((l) => (
          <tr>
            <td>
              <LabelChip name={l.name} color={l.color} />
            </td>
            <td>
              <code>{l.color}</code>
            </td>
            <td class="muted">{l.description}</td>
            <td>
              <RowActions
                name={l.name}
                actions={[
                  { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", label: l }) },
                  { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", label: l }) },
                ]}
              />
            </td>
          </tr>
        ))}
      </Table>
      {dialog?.kind === "new" && <LabelForm onClose={close} />}
      {dialog?.kind === "edit" && <LabelForm label={dialog.label} onClose={close} />}
      {dialog?.kind === "delete" && (
        <DeleteConfirm          title={t("settings.labels.deleteTitle", { name: dialog.label.name })}          message={t("settings.labels.deleteMessage")}          path={`/labels/${dialog.label.id}`}          reload={loadLabels}          onClose={close}        />
      )}
    </Page>
  );
}

/** Creates a label, or changes one when label is given. */
function LabelForm(props: { label?: Label; onClose: () => void }) {
  const l = props.label;
  const { f, set, err, busy, submit } = useForm({ name: l?.name ?? "", color: l?.color || defaultColor, description: l?.description ?? "" });
  const save = submit(async () => {
    if (l) await patch<Label>(`/labels/${l.id}`, f);
    else await post<Label>("/labels", f);
    await loadLabels();
    props.onClose();
  });
  return (
    <FormModal
      title={l ? t("settings.labels.editTitle", { name: l.name }) : t("label.new")}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      submit={l ? undefined : t("settings.labels.create")}
    >
      <Field label={t("field.name")} error={err?.fields.name} hint={t("settings.labels.nameHint")}>
        <input name="name" required maxLength={50} value={f.name} onInput={set("name")} />
      </Field>
      <Field label={t("settings.labels.color")} error={err?.fields.color}>
        <span class="color-pick">
          <input name="color" type="color" value={f.color} onInput={set("color")} />
          <LabelChip name={f.name || t("settings.labels.preview")} color={f.color} />
        </span>
      </Field>
      <Field label={t("settings.description")} error={err?.fields.description}>
        <input name="description" value={f.description} onInput={set("description")} />
      </Field>
      <FormError err={err} shown={["name", "color", "description"]} />
    </FormModal>
  );
}
