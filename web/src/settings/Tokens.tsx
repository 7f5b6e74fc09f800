// Settings › API tokens: the signed-in agent's personal tokens for scripts. A token acts as its
// agent; its secret is shown once, when it is created.
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import { longTime, t } from "../i18n";
import { me } from "../state";
import { Field, problem } from "../ui";
import { DeleteConfirm, FormError, FormModal, Page, RowActions, SecretModal, Table, useForm } from "./crud";
import type { APIToken } from "../types";


type Dialog = { kind: "new" } | { kind: "delete"; token: APIToken } | { kind: "secret"; secret: string } | null;

export function Tokens() {
  const [tokens, setTokens] = useState<APIToken[] | null>(null);
  const [err, setErr] = useState("");
  const [dialog, setDialog] = useState<Dialog>(null);
  const load = () =>
    get<{ items: APIToken[] }>("/auth/tokens")
      .then((r) => setTokens(r.items))
      .catch((x) => setErr(problem(x).message));
  useEffect(() => void load(), []);
  const close = () => setDialog(null);
  const tz = me.value?.time_zone;
  return (
    <Page title={t("settings.tokens")} intro={t("settings.tokens.intro")} add={t("settings.tokens.new")} onAdd={() => setDialog({ kind: "new" })}>
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      {tokens && (
        <Table
          caption={t("settings.tokens")}
          heads={[t("field.name"), t("settings.tokens.prefix"), t("settings.tokens.createdAt"), t("settings.tokens.lastUsed")]}
          empty={t("settings.tokens.empty")}
          count={tokens.length}
        >
          {tokens.map((tk) => (
            <tr>
              <td>{tk.name}</td>
              <td>
                <code>{tk.prefix}…</code>
              </td>
              <td>{longTime(tk.created_at, tz)}</td>
              <td>{tk.last_used_at ? longTime(tk.last_used_at, tz) : <span class="muted">{t("settings.tokens.never")}</span>}</td>
              <td>
                <RowActions name={tk.name} actions={[{ label: t("settings.tokens.revoke"), danger: true, onClick: () => setDialog({ kind: "delete", token: tk }) }]} />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {dialog?.kind === "new" && (
        <NewToken
          onClose={close}
          onCreated={(secret) => {
            void load();
            setDialog({ kind: "secret", secret });
          }}
        />
      )}
      {dialog?.kind === "secret" && <SecretModal title={t("settings.tokens.shown")} secret={dialog.secret} onClose={close} />}
      {dialog?.kind === "delete" && (
        <DeleteConfirm          title={t("settings.tokens.revokeTitle", { name: dialog.token.name })}          message={t("settings.tokens.revokeMessage")}          confirm={t("settings.tokens.revoke")}          path={`/auth/tokens/${dialog.token.id}`}          reload={load}          onClose={close}        />
      )}
    </Page>
  );
}

function NewToken(props: { onClose: () => void; onCreated: (secret: string) => void }) {
  const { f, set, err, busy, submit } = useForm({ name: "" });
  const save = submit(async () => {
    const r = await post<{ token: APIToken; secret: string }>("/auth/tokens", f);
    props.onCreated(r.secret);
  });
  return (
    <FormModal title={t("settings.tokens.new")} onClose={props.onClose} onSubmit={save} busy={busy} submit={t("settings.tokens.create")}>
      <Field label={t("field.name")} error={err?.fields.name} hint={t("settings.tokens.nameHint")}>
        <input name="name" required maxLength={100} value={f.name} onInput={set("name")} />
      </Field>
      <FormError err={err} shown={["name"]} />
    </FormModal>
  );
}
