// Settings › Inboxes › Web chat: a web chat inbox's websites, look, conversation options,
// continuity by email, the snippet to paste and the identity secret, with a live preview of the
// launcher and the panel drawn by the widget's own styles. A lazy chunk: only admins open it.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, patch, post } from "../api";
import { t } from "../i18n";
import { inboxes, loadInboxes } from "../state";
import type { Inbox } from "../types";
import { Field } from "../ui";
import { Confirm, FormError, FormModal, useForm } from "./crud";
import { css as widgetCss } from "../../widget/style";
import { strings as widgetStrings } from "../../widget/i18n";

interface PrechatField {
  key: string;
  label: string;
  type: "text" | "email" | "tel" | "textarea";
  required: boolean;
}

interface Form {
  origins: string[];
  color: string;
  position: string;
  launcher_text: string;
  greeting: string;
  language: string;
  show_agent_avatars: boolean;
  reply_time: string;
  offline_message: string;
  collect_email: boolean;
  prechat_enabled: boolean;
  prechat_fields: PrechatField[];
  consent: string;
  email_inbox_id: string;
  email_after_minutes: string;
}

type Settings = Record<string, any>;

function formOf(s: Settings): Form {
  return {
    origins: Array.isArray(s.allowed_origins) && s.allowed_origins.length ? [...s.allowed_origins] : [""],
    color: s.color || "#1f6feb",
    position: s.position || "right",
    launcher_text: s.launcher_text ?? "",
    greeting: s.greeting ?? "",
    language: s.language ?? "",
    show_agent_avatars: !!s.show_agent_avatars,
    reply_time: s.reply_time ?? "",
    offline_message: s.offline?.message ?? "",
    collect_email: !!s.offline?.collect_email,
    prechat_enabled: !!s.prechat?.enabled,
    prechat_fields: Array.isArray(s.prechat?.fields) ? s.prechat.fields.map((x: PrechatField) => ({ ...x })) : [],
    consent: s.prechat?.consent ?? "",
    email_inbox_id: s.email_inbox_id ? String(s.email_inbox_id) : "",
    email_after_minutes: s.email_after_minutes ? String(s.email_after_minutes) : "5",
  };
}

/** The settings to save: the inbox's own, with the form's; the conversation options only once set. */
function settingsOf(base: Settings, f: Form): Settings {
  const s: Settings = {
    ...base,
    allowed_origins: f.origins.map((o) => o.trim()).filter(Boolean),
    color: f.color,
    position: f.position,
    launcher_text: f.launcher_text,
    greeting: f.greeting,
    language: f.language,
    show_agent_avatars: f.show_agent_avatars,
    email_inbox_id: f.email_inbox_id ? Number(f.email_inbox_id) : null,
    email_after_minutes: Number(f.email_after_minutes) || 5,
  };
  const was = formOf(base);
  if ("reply_time" in base || f.reply_time !== was.reply_time) s.reply_time = f.reply_time;
  if ("offline" in base || f.offline_message !== was.offline_message || f.collect_email !== was.collect_email)
    s.offline = { message: f.offline_message, collect_email: f.collect_email };
  delete s.csat; // the rating form is the inbox's Satisfaction survey now (Settings › Inboxes › CSAT)
  const prechat = { enabled: f.prechat_enabled, fields: f.prechat_fields, consent: f.consent };
  if ("prechat" in base || JSON.stringify(prechat) !== JSON.stringify({ enabled: was.prechat_enabled, fields: was.prechat_fields, consent: was.consent }))
    s.prechat = prechat;
  return s;
}

/**
 * The widget's extra rules in the preview: drawn in its box, not fixed to the window, and without
 * controls of its own (a picture: the composer and the launcher look as they do, inert).
 */
const previewCss = `:host{display:block;position:relative;height:100%;overflow:hidden}
.compose .ta{flex:1;border:1px solid #d0d7de;border-radius:8px;padding:8px;min-height:38px;color:#6e7781}.compose .send{padding:6px}
.launcher,.panel{position:absolute}.launcher{display:flex}.panel{height:calc(100% - 100px);max-height:460px;width:min(330px,calc(100% - 40px))}`;

/** The launcher and the open panel as the widget draws them, in a shadow root with its styles. */
export function Preview(props: { name: string; color: string; position: string; launcher: string; greeting: string; language: string }) {
  const ref = useRef<HTMLDivElement>(null);
  useEffect(() => {
    const host = ref.current;
    if (!host) return;
    const root = host.shadowRoot ?? host.attachShadow({ mode: "open" });
    const lang = props.language || (navigator.language || "en").slice(0, 2);
    const w = widgetStrings[lang] ?? widgetStrings.en;
    const esc = (s: string) => s.replace(/[&<>"]/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;" })[c]!);
    host.dataset.position = props.position;
    const color = /^#[0-9a-fA-F]{6}$/.test(props.color) ? props.color : "#1f6feb";
    root.innerHTML =
      `<style>${widgetCss}${previewCss}</style>` +
      `<div class="panel" style="--sb-color:${color}" data-testid="preview-panel"><div class="head"><h2>${esc(props.name)}<small>${esc(w.online)}</small></h2></div>` +
      `<div class="body"><div class="greet" data-testid="preview-greeting">${esc(props.greeting || t("wc.previewGreeting"))}</div></div>` +
      `<div class="compose"><div class="ta">${esc(w.placeholder)}</div><span class="send">${esc(w.send)}</span></div></div>` +
      `<div class="launcher shown" style="--sb-color:${color}" data-testid="preview-launcher"><svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16v12H8l-4 4z"/></svg><span class="lt">${esc(props.launcher)}</span></div>`;
  });
  return <div class="wc-preview" ref={ref} data-testid="wc-preview" data-position={props.position} aria-label={t("wc.preview")} role="img" />;
}

/** How a site's server signs a user id (docs/channels.md, "Identity verification"). */
const hmacSamples = `// Node.js
user_hash = require("crypto").createHmac("sha256", SECRET).update(userId).digest("hex");
# Python
user_hash = hmac.new(SECRET.encode(), user_id.encode(), hashlib.sha256).hexdigest()
// PHP
$user_hash = hash_hmac('sha256', $user_id, $secret);
// Then: Switchboard.identify({ user_id, user_hash, name, email })`;

function Copy(props: { text: string; testid: string }) {
  const [done, setDone] = useState(false);
  return (
    <button
      type="button"
      class="ghost"
      data-testid={props.testid}
      onClick={() => {
        void navigator.clipboard?.writeText(props.text).catch(() => undefined);
        setDone(true);
        setTimeout(() => setDone(false), 2000);
      }}
    >
      {done ? t("wc.copied") : t("wc.copy")}
    </button>
  );
}

export function WebchatSettings(props: { inbox: Inbox; onClose: () => void }) {
  const i = props.inbox;
  const base = (i.settings ?? {}) as Settings;
  const { f, setF, set, err, busy, submit } = useForm<Form>(formOf(base));
  const [secret, setSecret] = useState<string | null>(null);
  const [rotate, setRotate] = useState(false);
  const fe = (k: string) => err?.fields[`settings.${k}`];
  const change = (g: Partial<Form>) => setF((p) => ({ ...p, ...g }));
  const snippet = `<script src="${location.origin}/widget.js" data-inbox="${i.id}" async></script>`;
  const mailInboxes = inboxes.value.filter((x) => x.kind === "email");
  const save = submit(async () => {
    await patch<Inbox>(`/inboxes/${i.id}`, { settings: settingsOf(base, f) });
    await loadInboxes();
    props.onClose();
  });
  const field = (n: number, g: Partial<PrechatField>) =>
    change({ prechat_fields: f.prechat_fields.map((x, k) => (k === n ? { ...x, ...g } : x)) });
  const shown = ["allowed_origins", "color", "position", "launcher_text", "greeting", "language", "reply_time", "offline.message", "prechat.fields",
    "prechat.consent", "email_inbox_id", "email_after_minutes"].map((k) => "settings." + k);

  return (
    <>
    <FormModal title={t("wc.title", { name: i.name })} onClose={props.onClose} onSubmit={save} busy={busy} wide>
      <div class="wc-settings">
        <div class="wc-form">
          <fieldset>
            <legend>{t("wc.origins")}</legend>
            <p class="field-hint">{t("wc.originsHint")}</p>
            {f.origins.map((o, n) => (
              <div class="wc-row">
                <input
                  type="url"
                  value={o}
                  aria-label={t("wc.origins")}
                  placeholder="https://www.example.com"
                  data-testid="wc-origin"
                  onInput={(e) => change({ origins: f.origins.map((x, k) => (k === n ? (e.currentTarget as HTMLInputElement).value : x)) })}
                />
                <button
                  type="button"
                  class="ghost"
                  aria-label={t("wc.originRemove", { origin: o })}
                  onClick={() => change({ origins: f.origins.length > 1 ? f.origins.filter((_, k) => k !== n) : [""] })}
                >
                  ×
                </button>
              </div>
            ))}
            {fe("allowed_origins") && <span class="field-error" role="alert">{fe("allowed_origins")}</span>}
            <button type="button" class="ghost" data-testid="wc-origin-add" onClick={() => change({ origins: [...f.origins, ""] })}>
              + {t("wc.originAdd")}
            </button>
          </fieldset>

          <fieldset>
            <legend>{t("wc.look")}</legend>
            <div class="wc-row">
              <Field label={t("wc.color")} error={fe("color")}>
                <span class="wc-color">
                  <input type="color" value={f.color} onInput={set("color")} aria-label={t("wc.color")} />
                  <input type="text" value={f.color} onInput={set("color")} data-testid="wc-color" maxLength={7} size={8} />
                </span>
              </Field>
              <Field label={t("wc.position")} error={fe("position")}>
                <select value={f.position} onChange={set("position")} data-testid="wc-position">
                  <option value="right">{t("wc.right")}</option>
                  <option value="left">{t("wc.left")}</option>
                </select>
              </Field>
              <Field label={t("wc.language")} error={fe("language")}>
                <select value={f.language} onChange={set("language")} data-testid="wc-language">
                  <option value="">{t("wc.languageAuto")}</option>
                  <option value="en">English</option>
                  <option value="it">Italiano</option>
                  <option value="es">Español</option>
                  <option value="fr">Français</option>
                  <option value="pt">Português</option>
                </select>
              </Field>
            </div>
            <Field label={t("wc.launcherText")} error={fe("launcher_text")}>
              <input value={f.launcher_text} onInput={set("launcher_text")} maxLength={40} data-testid="wc-launcher" />
            </Field>
            <Field label={t("wc.greeting")} error={fe("greeting")}>
              <textarea value={f.greeting} onInput={set("greeting")} maxLength={300} rows={2} data-testid="wc-greeting" />
            </Field>
            <label class="check">
              <input type="checkbox" checked={f.show_agent_avatars} onChange={set("show_agent_avatars")} /> {t("wc.avatars")}
            </label>
          </fieldset>

          <fieldset>
            <legend>{t("wc.conversation")}</legend>
            <Field label={t("wc.replyTime")} error={fe("reply_time")}>
              <select value={f.reply_time} onChange={set("reply_time")} data-testid="wc-reply-time">
                <option value="">{t("wc.replyNone")}</option>
                <option value="minutes">{t("wc.replyMinutes")}</option>
                <option value="hour">{t("wc.replyHour")}</option>
                <option value="day">{t("wc.replyDay")}</option>
              </select>
            </Field>
            <Field label={t("wc.offline")} error={fe("offline.message")}>
              <textarea value={f.offline_message} onInput={set("offline_message")} rows={2} />
            </Field>
            <label class="check">
              <input type="checkbox" checked={f.collect_email} onChange={set("collect_email")} /> {t("wc.collectEmail")}
            </label>
            <p class="field-hint">{t("wc.csat")}</p>
            <label class="check">
              <input type="checkbox" checked={f.prechat_enabled} onChange={set("prechat_enabled")} /> {t("wc.prechat")}
            </label>
            {f.prechat_enabled && (
              <div class="wc-prechat">
                {f.prechat_fields.map((x, n) => (
                  <div class="wc-row">
                    <input value={x.key} placeholder={t("wc.fieldKey")} aria-label={t("wc.fieldKey")} onInput={(e) => field(n, { key: (e.currentTarget as HTMLInputElement).value })} />
                    <input value={x.label} placeholder={t("wc.fieldLabel")} aria-label={t("wc.fieldLabel")} onInput={(e) => field(n, { label: (e.currentTarget as HTMLInputElement).value })} />
                    <select value={x.type} aria-label={t("wc.fieldType")} onChange={(e) => field(n, { type: (e.currentTarget as HTMLSelectElement).value as PrechatField["type"] })}>
                      {["text", "email", "tel", "textarea"].map((ty) => (
                        <option value={ty}>{ty}</option>
                      ))}
                    </select>
                    <label class="check">
                      <input type="checkbox" checked={x.required} onChange={(e) => field(n, { required: (e.currentTarget as HTMLInputElement).checked })} /> {t("wc.fieldRequired")}
                    </label>
                    <button type="button" class="ghost" aria-label={t("wc.fieldRemove")} onClick={() => change({ prechat_fields: f.prechat_fields.filter((_, k) => k !== n) })}>
                      ×
                    </button>
                  </div>
                ))}
                {fe("prechat.fields") && (
                  <span class="field-error" role="alert">
                    {fe("prechat.fields")}
                  </span>
                )}
                <button type="button" class="ghost" onClick={() => change({ prechat_fields: [...f.prechat_fields, { key: "", label: "", type: "text", required: false }] })}>
                  + {t("wc.fieldAdd")}
                </button>
                <Field label={t("wc.consent")} error={fe("prechat.consent")}>
                  <input value={f.consent} onInput={set("consent")} />
                </Field>
              </div>
            )}
          </fieldset>

          <fieldset>
            <legend>{t("wc.continuity")}</legend>
            <p class="field-hint">{t("wc.emailHint")}</p>
            <div class="wc-row">
              <Field label={t("wc.emailInbox")} error={fe("email_inbox_id")}>
                <select value={f.email_inbox_id} onChange={set("email_inbox_id")} data-testid="wc-email-inbox">
                  <option value="">{t("wc.emailNone")}</option>
                  {mailInboxes.map((m) => (
                    <option value={String(m.id)}>{m.name}</option>
                  ))}
                </select>
              </Field>
              <Field label={t("wc.emailAfter")} error={fe("email_after_minutes")}>
                <input type="number" min={0} max={10080} step="any" value={f.email_after_minutes} onInput={set("email_after_minutes")} disabled={!f.email_inbox_id} data-testid="wc-email-after" />
              </Field>
            </div>
          </fieldset>

          <fieldset>
            <legend>{t("wc.snippet")}</legend>
            <p class="field-hint">{t("wc.snippetHint")}</p>
            <div class="wc-row">
              <code class="wc-code" data-testid="wc-snippet">{snippet}</code>
              <Copy text={snippet} testid="wc-copy-snippet" />
            </div>
          </fieldset>

          <fieldset>
            <legend>{t("wc.secret")}</legend>
            <p class="field-hint">
              {t("wc.secretHint")}{" "}
              {t("wc.secretDocs")}
            </p>
            <details class="wc-hmac">
              <summary>HMAC-SHA256</summary>
              <pre>{hmacSamples}</pre>
            </details>
            <div class="wc-row">
              <code class="wc-code" data-testid="wc-secret">{secret ?? "••••••••••••••••"}</code>
              {secret === null ? (
                <button type="button" class="ghost" data-testid="wc-secret-show" onClick={() => void get<{ secret: string }>(`/inboxes/${i.id}/identity-secret`).then((r) => setSecret(r.secret))}>
                  {t("wc.secretShow")}
                </button>
              ) : (
                <Copy text={secret} testid="wc-copy-secret" />
              )}
              <button type="button" class="ghost" data-testid="wc-secret-rotate" onClick={() => setRotate(true)}>
                {t("wc.secretRotate")}
              </button>
            </div>
          </fieldset>
          <FormError err={err} shown={shown} />
        </div>
        <div class="wc-side">
          <h3>{t("wc.preview")}</h3>
          <Preview name={i.name} color={f.color} position={f.position} launcher={f.launcher_text} greeting={f.greeting} language={f.language} />
        </div>
      </div>
    </FormModal>
      {rotate && (
        <Confirm
          title={t("wc.secretRotate")}
          message={t("wc.secretRotateConfirm")}
          confirm={t("wc.secretRotate")}
          onConfirm={async () => {
            const r = await post<{ secret: string }>(`/inboxes/${i.id}/identity-secret`, {});
            setSecret(r.secret);
            setRotate(false);
          }}
          onClose={() => setRotate(false)}
        />
      )}
    </>
  );
}
