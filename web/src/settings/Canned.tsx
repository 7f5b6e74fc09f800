// Settings › Canned responses: saved replies agents insert by typing / and the shortcut in the
// composer, with variables filled from the conversation.
import { useState } from "preact/hooks";
import { patch, post } from "../api";
import { t } from "../i18n";
import { canned, loadCanned } from "../state";
import type { CannedResponse } from "../types";
import { Field } from "../ui";
import { DeleteConfirm, FormError, FormModal, Page, RowActions, Table, useForm } from "./crud";

/** The variables a canned response may use (switchboard.CannedVariables). */
const variables = ["contact.name", "contact.first_name", "contact.email", "contact.phone", "agent.name", "agent.first_name", "agent.email", "conversation.id", "inbox.name"];

type Dialog = { kind: "new" } | { kind: "edit" | "delete"; canned: CannedResponse } | null;

export function Canned() {
  const [dialog, setDialog] = useState<Dialog>(null);
  const close = () => setDialog(null);
  return (
    <Page title={t("settings.canned")} intro={t("settings.canned.intro")} add={t("settings.canned.new")} onAdd={() => setDialog({ kind: "new" })}>
      <Table
        caption={t("settings.canned")}
        heads={[t("settings.canned.shortcut"), t("settings.canned.title"), t("settings.canned.content")]}
        empty={t("settings.canned.empty")}
        count={canned.value.length}
      >
        {canned.value.map((c) => (
          <tr>
            <td>
              <code>/{c.shortcut}</code>
            </td>
            <td>{c.title}</td>
            <td class="canned-content">{c.content}</td>
            <td>
              <RowActions
                name={"/" + c.shortcut}
                actions={[
                  { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", canned: c }) },
                  { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", canned: c }) },
                ]}
              />
            </td>
          </tr>
        ))}
      </Table>
      {dialog?.kind === "new" && <CannedForm onClose={close} />}
      {dialog?.kind === "edit" && <CannedForm canned={dialog.canned} onClose={close} />}
      {dialog?.kind === "delete" && (
        <DeleteConfirm          title={t("settings.canned.deleteTitle", { name: "/" + dialog.canned.shortcut })}          message={t("settings.canned.deleteMessage")}          path={`/canned-responses/${dialog.canned.id}`}          reload={loadCanned}          onClose={close}        />
      )}
    </Page>
  );
}

/** Creates a canned response, or changes one when canned is given. */
function CannedForm(props: { canned?: CannedResponse; onClose: () => void }) {
  const c = props.canned;
  const { f, set, err, busy, submit } = useForm({ shortcut: c?.shortcut ?? "", title: c?.title ?? "", content: c?.content ?? "" });
  const save = submit(async () => {
    if (c) await patch<CannedResponse>(`/canned-responses/${c.id}`, f);
    else await post<CannedResponse>("/canned-responses", f);
    await loadCanned();
    props.onClose();
  });
  return (
    <FormModal
      title={c ? t("settings.canned.editTitle", { name: "/" + c.shortcut }) : t("settings.canned.new")}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      submit={c ? undefined : t("settings.canned.create")}
      wide
    >
      <Field label={t("settings.canned.shortcut")} error={err?.fields.shortcut} hint={t("settings.canned.shortcutHint")}>
        <input name="shortcut" required value={f.shortcut} onInput={set("shortcut")} />
      </Field>
      <Field label={t("settings.canned.title")} error={err?.fields.title}>
        <input name="title" value={f.title} onInput={set("title")} />
      </Field>
      <Field
        label={t("settings.canned.content")}
        error={err?.fields.content}
        hint={t("settings.canned.variablesHint", { list: variables.map((v) => `{{${v}}}`).join(", ") })}
      >
        <textarea name="content" required rows={6} value={f.content} onInput={set("content")} />
      </Field>
      <FormError err={err} shown={["shortcut", "title", "content"]} />
    </FormModal>
  );
}
