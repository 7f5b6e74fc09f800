// Settings › Inboxes › CSAT: the inbox's satisfaction survey after each resolution: on or off,
// the question, the scale, the thank-you text and whether a comment is asked for. Web chat asks
// in its widget; WhatsApp with buttons or a list; email with a link per rating; other channels
// with a text question. A lazy chunk: only admins open it.
import { useEffect } from "preact/hooks";
import { get, put } from "../api";
import { t } from "../i18n";
import type { CSATSettings, Inbox } from "../types";
import { Field } from "../ui";
import { FormError, FormModal, useForm } from "./crud";

interface Form {
  loaded: boolean;
  enabled: boolean;
  scale: CSATSettings["scale"];
  question: string;
  thank_you: string;
  ask_comment: boolean;
}

/** How the inbox's channel asks (the server decides by the channel's capabilities; this says it). */
function howKey(kind: string): "csat.how.webchat" | "csat.how.whatsapp" | "csat.how.email" | "csat.how.text" {
  if (kind === "webchat") return "csat.how.webchat";
  if (kind === "whatsapp") return "csat.how.whatsapp";
  if (kind === "email") return "csat.how.email";
  return "csat.how.text";
}

export function CSATSettingsForm(props: { inbox: Inbox; onClose: () => void }) {
  const { f, setF, set, err, setErr, busy, submit } = useForm<Form>({
    loaded: false, enabled: false, scale: "1-5", question: "", thank_you: "", ask_comment: false,
  });
  const path = `/inboxes/${props.inbox.id}/csat`;
  useEffect(() => {
    get<CSATSettings>(path)
      .then((s) => setF({ loaded: true, enabled: s.enabled, scale: s.scale || "1-5", question: s.question, thank_you: s.thank_you, ask_comment: s.ask_comment }))
      .catch((x) => setErr({ message: x.message, fields: {} }));
  }, [path]);
  const save = submit(async () => {
    await put<CSATSettings>(path, { enabled: f.enabled, scale: f.scale, question: f.question, thank_you: f.thank_you, ask_comment: f.ask_comment });
    props.onClose();
  });
  const fe = (k: string) => err?.fields[k];
  return (
    <FormModal title={t("csat.title", { name: props.inbox.name })} onClose={props.onClose} onSubmit={save} busy={busy || !f.loaded}>
      <p class="muted">{t("csat.intro")}</p>
      {!f.loaded && !err && <p aria-busy="true">{t("list.loading")}</p>}
      {f.loaded && (
        <div class="csat-form">
          <label class="check">
            <input type="checkbox" checked={f.enabled} onChange={set("enabled")} data-testid="csat-enabled" /> {t("csat.enabled")}
          </label>
          <p class="field-hint">{t(howKey(props.inbox.kind))}</p>
          <Field label={t("csat.question")} hint={t("csat.questionHint")} error={fe("question")}>
            <input value={f.question} onInput={set("question")} maxLength={300} data-testid="csat-question" />
          </Field>
          <Field label={t("csat.scale")} error={fe("scale")}>
            <select value={f.scale} onChange={set("scale")} data-testid="csat-scale">
              <option value="1-5">{t("csat.scale5")}</option>
              <option value="1-3">{t("csat.scale3")}</option>
              <option value="thumbs">{t("csat.thumbs")}</option>
            </select>
          </Field>
          <Field label={t("csat.thankYou")} hint={t("csat.thankYouHint")} error={fe("thank_you")}>
            <input value={f.thank_you} onInput={set("thank_you")} maxLength={300} data-testid="csat-thanks" />
          </Field>
          <label class="check">
            <input type="checkbox" checked={f.ask_comment} onChange={set("ask_comment")} /> {t("csat.askComment")}
          </label>
        </div>
      )}
      <FormError err={err} shown={["question", "scale", "thank_you"]} />
    </FormModal>
  );
}
