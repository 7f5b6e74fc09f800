// Settings › Contact attributes: the custom fields of contacts, each with a key, a label and a
// type (text, number, date, list, checkbox, link), in the order the contact panel shows them.
import { useState } from "preact/hooks";
import { patch, post } from "../api";
import { attributeTypes, loadAttributeDefs, useAttributeDefs, type AttributeType, type ContactAttribute } from "../contacts/attributes";
import { t } from "../i18n";
import { Field, problem } from "../ui";
import { DeleteConfirm, FormError, FormModal, Page, RowActions, Table, useForm } from "./crud";

type Dialog = { kind: "new" } | { kind: "edit" | "delete"; def: ContactAttribute } | null;

export function ContactAttributes() {
  const defs = useAttributeDefs();
  const [dialog, setDialog] = useState<Dialog>(null);
  const [error, setError] = useState("");
  const close = () => setDialog(null);
  const move = async (d: ContactAttribute, to: number) => {
    setError("");
    try {
      await patch(`/contact-attributes/${d.id}`, { position: to });
      await loadAttributeDefs();
    } catch (x) {
      setError(problem(x).message);
    }
  };
  return (
    <Page title={t("settings.attrs")} intro={t("attrs.intro")} add={t("attrs.new")} onAdd={() => setDialog({ kind: "new" })}>
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
      <Table caption={t("settings.attrs")} heads={[t("attrs.label"), t("attrs.key"), t("attrs.type"), t("settings.description")]} empty={t("attrs.empty")} count={defs.length}>
        {defs.map((d, i) => (
          <tr data-testid={"attr-" + d.key}>
            <td>{d.label}</td>
            <td>
              <code>{d.key}</code>
            </td>
            <td>
              {t(("attrs.type." + d.type) as "attrs.type.text")}
              {d.type === "list" && <span class="muted attr-options"> · {d.options.join(", ")}</span>}
            </td>
            <td class="muted">{d.description}</td>
            <td>
              <div class="attr-actions">
                <button class="icon" disabled={i === 0} aria-label={t("attrs.moveUp", { name: d.label })} title={t("attrs.moveUp", { name: d.label })} onClick={() => move(d, i - 1)}>
                  ↑
                </button>
                <button
                  class="icon"
                  disabled={i === defs.length - 1}
                  aria-label={t("attrs.moveDown", { name: d.label })}
                  title={t("attrs.moveDown", { name: d.label })}
                  onClick={() => move(d, i + 1)}
                >
                  ↓
                </button>
                <RowActions
                  name={d.label}
                  actions={[
                    { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", def: d }) },
                    { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", def: d }) },
                  ]}
                />
              </div>
            </td>
          </tr>
        ))}
      </Table>
      {dialog?.kind === "new" && <AttributeForm onClose={close} />}
      {dialog?.kind === "edit" && <AttributeForm def={dialog.def} onClose={close} />}
      {dialog?.kind === "delete" && (
        <DeleteConfirm
          title={t("attrs.deleteTitle", { name: dialog.def.label })}
          message={t("attrs.deleteMessage", { key: dialog.def.key })}
          path={`/contact-attributes/${dialog.def.id}`}
          reload={loadAttributeDefs}
          onClose={close}
        />
      )}
    </Page>
  );
}

/** A key from a label: lower case, letters and digits joined by _. */
const slug = (s: string) =>
  s
    .normalize("NFD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "_")
    .replace(/^[^a-z]+|_+$/g, "")
    .slice(0, 50);

/** Defines an attribute, or changes one when def is given (its key stays). */
function AttributeForm(props: { def?: ContactAttribute; onClose: () => void }) {
  const d = props.def;
  const { f, setF, set, err, busy, submit } = useForm({
    label: d?.label ?? "",
    key: d?.key ?? "",
    type: (d?.type ?? "text") as AttributeType,
    options: (d?.options ?? []).join("\n"),
    description: d?.description ?? "",
  });
  const [keyEdited, setKeyEdited] = useState(false);
  const save = submit(async () => {
    const body = {
      label: f.label,
      type: f.type,
      description: f.description,
      options: f.type === "list" ? f.options.split("\n").map((o) => o.trim()).filter(Boolean) : [],
    };
    if (d) await patch<ContactAttribute>(`/contact-attributes/${d.id}`, body);
    else await post<ContactAttribute>("/contact-attributes", { ...body, key: f.key });
    await loadAttributeDefs();
    props.onClose();
  });
  return (
    <FormModal title={d ? t("attrs.editTitle", { name: d.label }) : t("attrs.new")} onClose={props.onClose} onSubmit={save} busy={busy} submit={d ? undefined : t("attrs.create")}>
      <Field label={t("attrs.label")} error={err?.fields.label}>
        <input
          name="label"
          required
          maxLength={100}
          value={f.label}
          onInput={(e) => {
            const label = e.currentTarget.value;
            setF((p) => ({ ...p, label, key: d || keyEdited ? p.key : slug(label) }));
          }}
        />
      </Field>
      <Field label={t("attrs.key")} error={err?.fields.key} hint={d ? t("attrs.keyFixed") : t("attrs.keyHint")}>
        <input
          name="key"
          required
          pattern="[a-z][a-z0-9_]{0,49}"
          disabled={!!d}
          value={f.key}
          onInput={(e) => {
            setKeyEdited(true);
            set("key")(e);
          }}
        />
      </Field>
      <Field label={t("attrs.type")} error={err?.fields.type} hint={d ? t("attrs.typeHint") : undefined}>
        <select name="type" value={f.type} onChange={set("type")}>
          {attributeTypes.map((ty) => (
            <option value={ty}>{t(("attrs.type." + ty) as "attrs.type.text")}</option>
          ))}
        </select>
      </Field>
      {f.type === "list" && (
        <Field label={t("attrs.options")} error={err?.fields.options} hint={t("attrs.optionsHint")}>
          <textarea name="options" rows={4} value={f.options} onInput={set("options")} />
        </Field>
      )}
      <Field label={t("settings.description")} error={err?.fields.description}>
        <input name="description" maxLength={500} value={f.description} onInput={set("description")} />
      </Field>
      <FormError err={err} shown={["label", "key", "type", "options", "description"]} />
    </FormModal>
  );
}
