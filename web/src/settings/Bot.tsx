// Settings › Inboxes › Bot: an inbox's external bot — on or off, the URL each customer message
// is POSTed to (signed like webhooks), its name in the thread, its signing secret (shown once,
// replaceable) and the token it answers with. A lazy chunk: only admins open it.
import { useEffect, useState } from "preact/hooks";
import { get, post, put } from "../api";
import { t } from "../i18n";
import type { Inbox, InboxBot } from "../types";
import { Field } from "../ui";
import { FormError, FormModal, SecretModal, useForm } from "./crud";

type WithSecret = InboxBot & { secret: string };

interface Form {
  loaded: boolean;
  enabled: boolean;
  url: string;
  name: string;
  prefix: string;
}

export function BotSettings(props: { inbox: Inbox; onClose: () => void }) {
  const { f, setF, set, err, setErr, busy, submit } = useForm<Form>({ loaded: false, enabled: false, url: "", name: "", prefix: "" });
  const [shown, setShown] = useState<{ title: string; secret: string; close: boolean } | null>(null);
  const path = `/inboxes/${props.inbox.id}/bot`;
  useEffect(() => {
    get<InboxBot>(path)
      .then((b) => setF({ loaded: true, enabled: b.enabled, url: b.url, name: b.name, prefix: b.secret_prefix }))
      .catch((x) => setErr({ message: x.message, fields: {} }));
  }, [path]);
  const save = submit(async () => {
    const b = await put<WithSecret>(path, { enabled: f.enabled, url: f.url, name: f.name });
    if (b.secret) setShown({ title: t("bots.secretShown"), secret: b.secret, close: true });
    else props.onClose();
  });
  const rotate = submit(async () => {
    const b = await post<WithSecret>(`${path}/rotate-secret`);
    setF({ ...f, prefix: b.secret_prefix });
    setShown({ title: t("bots.rotated"), secret: b.secret, close: false });
  });
  const token = submit(async () => {
    const r = await post<{ token: string }>(`/inboxes/${props.inbox.id}/token`);
    setShown({ title: t("bots.tokenShown"), secret: r.token, close: false });
  });
  if (shown)
    return <SecretModal title={shown.title} secret={shown.secret} onClose={() => (shown.close ? props.onClose() : setShown(null))} />;
  const fe = (k: string) => err?.fields[k];
  return (
    <FormModal title={t("bots.title", { name: props.inbox.name })} onClose={props.onClose} onSubmit={save} busy={busy || !f.loaded}>
      <p class="muted">{t("bots.intro")}</p>
      {!f.loaded && !err && <p aria-busy="true">{t("list.loading")}</p>}
      {f.loaded && (
        <div class="bot-form">
          <label class="check">
            <input type="checkbox" checked={f.enabled} onChange={set("enabled")} data-testid="bot-enabled" /> {t("bots.enabled")}
          </label>
          <Field label={t("bots.url")} hint={t("bots.urlHint")} error={fe("url")}>
            <input type="url" value={f.url} onInput={set("url")} placeholder="https://bot.example.com/switchboard" data-testid="bot-url" />
          </Field>
          <Field label={t("bots.name")} hint={t("bots.nameHint")} error={fe("name")}>
            <input value={f.name} maxLength={60} onInput={set("name")} placeholder="Bot" data-testid="bot-name" />
          </Field>
          <div class="bot-secret">
            <span class="muted">{f.prefix ? t("bots.secretPrefix", { prefix: f.prefix }) : t("bots.noSecret")}</span>
            {f.prefix && (
              <button type="button" class="ghost" onClick={rotate} disabled={busy}>
                {t("bots.rotate")}
              </button>
            )}
          </div>
          <div class="bot-secret">
            <span class="muted">{props.inbox.kind === "api" ? t("bots.tokenApi") : t("bots.tokenIntro")}</span>
            {props.inbox.kind !== "api" && (
              <button type="button" class="ghost" onClick={token} disabled={busy}>
                {t("bots.createToken")}
              </button>
            )}
          </div>
        </div>
      )}
      <FormError err={err} shown={["url", "name"]} />
    </FormModal>
  );
}
