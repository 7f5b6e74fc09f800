// Settings › Inboxes: the connected channel accounts. Admins connect one of each channel kind,
// change its name, settings and write-only secrets, choose who belongs to it, give an API inbox
// its integration token, and delete it with all its conversations.
import { useEffect, useState } from "preact/hooks";
import { get, patch, post, put } from "../api";
import { language, t } from "../i18n";
import { setParams } from "../router";
import { agents, channels, inboxes, loadInboxes, teams } from "../state";
import type { ChannelKind, Inbox, InboxHealth, InboxMembers, Template } from "../types";
import { Avatar, ChannelIcon, Field, Modal, channelName } from "../ui";
import { followWorkspace, InboxAssistantFields } from "./InboxAssistant";
import { CheckGroup, Confirm, DeleteConfirm, FormError, FormModal, Page, RowActions, SecretModal, Table, useForm } from "./crud";

/** The kinds the API accepts, in the order it offers them (switchboard.ChannelKinds). */
const kinds: ChannelKind[] = ["whatsapp", "messenger", "instagram", "rcs", "sms", "email", "webchat", "telegram", "api"];

/** Whether this server can connect an inbox of a kind: it has a connector (a provider) for it. */
const connectable = (k: ChannelKind) => (channels.value.get(k)?.providers.length ?? 0) > 0;

/** The secrets each kind's channel reads; others may be added by name. */
const kindSecrets: Partial<Record<ChannelKind, string[]>> = { api: ["signing_secret"] };

/** A typed setting of a provider's inbox. */
interface SettingField {
  name: string;
  required?: boolean;
  /** list: names separated by commas, kept as an array of strings. */
  type?: "url" | "text" | "email" | "number" | "select" | "checkbox" | "textarea" | "list";
  options?: string[];
  /** The label key of the empty option of a select ("leave" unless set). */
  empty?: string;
  /** Shown (and saved) only when the settings make it matter. */
  when?: (s: Typed) => boolean;
  /** Its hint is a warning. */
  warn?: boolean;
}

type Typed = Record<string, string | number | boolean>;

/**
 * How a channel is configured: its typed settings, the secrets it reads, and which settings say
 * where a secret is sent. Secrets are write-only, so the server takes a change of where one goes
 * only with the secret entered again (moves); a refresh token Switchboard obtained itself is
 * dropped instead, and the mailbox must be connected again (forgets).
 */
interface Spec {
  fields: SettingField[];
  secrets: string[];
  moves?: Record<string, string[]>;
  forgets?: Record<string, string[]>;
}

/** The settings that say where a mailbox's password (or tokens) go. */
const mailServer = ["imap_host", "imap_port", "imap_security", "smtp_host", "smtp_port", "smtp_security"];

/** Security "none" sends the password in clear: allowed only explicitly. */
const insecure = (s: Typed) => s.imap_security === "none" || s.smtp_security === "none";

/** Channels connected without a choice of provider, with typed settings all the same. */
const kindSpecs: Partial<Record<ChannelKind, Spec>> = {
  email: {
    fields: [
      { name: "address", required: true, type: "email" },
      { name: "from_name" },
      { name: "username" },
      { name: "auth", type: "select", options: ["", "google", "microsoft"], empty: "password" },
      { name: "oauth_client_id" },
      { name: "oauth_tenant" },
      { name: "imap_host", required: true },
      { name: "imap_port", type: "number" },
      { name: "imap_security", type: "select", options: ["tls", "starttls", "none"] },
      { name: "smtp_host", required: true },
      { name: "smtp_port", type: "number" },
      { name: "smtp_security", type: "select", options: ["starttls", "tls", "none"] },
      { name: "allow_insecure", type: "checkbox", when: insecure, warn: true },
      { name: "folders", type: "list" },
      { name: "after_import", type: "select", options: ["", "seen", "archive"] },
      { name: "sent_folder" },
      { name: "sync_sent", type: "checkbox" },
      { name: "acknowledge", type: "textarea" },
      { name: "allow_agent_address", type: "checkbox" },
    ],
    secrets: ["password", "oauth_client_secret"],
    moves: { password: mailServer },
    forgets: { oauth_refresh_token: mailServer },
  },
  messenger: {
    fields: [
      { name: "page_id", required: true },
      { name: "app_id" },
      { name: "human_agent", type: "checkbox" },
      { name: "api_base_url", type: "url" },
    ],
    secrets: ["access_token", "app_secret", "verify_token"],
    // The app secret goes to the Graph API too, as the inbox is connected with Facebook.
    moves: { access_token: ["api_base_url"], app_secret: ["api_base_url"] },
  },
  instagram: {
    fields: [
      { name: "account_id", required: true },
      { name: "host", type: "select", options: ["instagram", "facebook"] },
      { name: "page_id" },
      { name: "app_id" },
      { name: "human_agent", type: "checkbox" },
      { name: "public_url", type: "url" },
      { name: "api_base_url", type: "url" },
    ],
    secrets: ["access_token", "app_secret", "verify_token"],
    moves: { access_token: ["host", "api_base_url"], app_secret: ["host", "api_base_url"] },
  },
};

/** How each messaging provider is connected: its settings and the secrets it reads. */
const providers: Record<string, Spec & { label: string }> = {
  cloud: {
    label: "WhatsApp Cloud API (Meta)",
    fields: [{ name: "phone_number_id", required: true }, { name: "business_account_id" }, { name: "api_base_url", type: "url" }],
    secrets: ["access_token", "app_secret", "verify_token"],
    moves: { access_token: ["api_base_url"] },
  },
  twilio: {
    label: "Twilio",
    fields: [
      { name: "account_sid", required: true },
      { name: "from" },
      { name: "messaging_service_sid" },
      { name: "webhook_url", type: "url" },
      { name: "api_base_url", type: "url" },
    ],
    secrets: ["auth_token"],
    moves: { auth_token: ["api_base_url"] },
  },
};

/** Where a URL sends requests: a different path on the same host is the same place. */
function origin(u: string): string {
  try {
    return new URL(u).origin;
  } catch {
    return u;
  }
}

/** The secrets of an inbox being changed that the new settings would send somewhere else. */
function movedSecrets(i: Inbox | undefined, moves: Record<string, string[]> | undefined, typed: Typed, fields: SettingField[]): string[] {
  if (!i) return [];
  const url = new Set(fields.filter((fd) => fd.type === "url").map((fd) => fd.name));
  const place = (k: string, v: unknown) => (url.has(k) ? origin(String(v ?? "")) : String(v ?? ""));
  const moved = (k: string) => place(k, i.settings?.[k]) !== place(k, typed[k]);
  return Object.entries(moves ?? {})
    .filter(([secret, keys]) => (i.secret_names ?? []).includes(secret) && keys.some(moved))
    .map(([secret]) => secret);
}

/** The providers an inbox kind can be connected through, the default first. */
function providersOf(kind: ChannelKind): string[] {
  return (channels.value.get(kind)?.providers ?? []).filter((p) => p in providers);
}

/** The provider an inbox uses: its settings' choice, else its kind's default. */
function providerOf(kind: ChannelKind, settings: Record<string, unknown> | undefined): string {
  const p = settings?.provider;
  return typeof p === "string" && p ? p : (providersOf(kind)[0] ?? "");
}


type Dialog =
  | { kind: "new" }
  | { kind: "edit" | "members" | "token" | "revoke" | "delete" | "connection" | "webchat" | "hours" | "assignment" | "csat" | "bot"; inbox: Inbox }
  | { kind: "token-shown"; inbox: Inbox; token: string }
  | null;

export function Inboxes() {
  // ?new opens the form at once (the inbox's first-run guide links here).
  const [dialog, setDialog] = useState<Dialog>(new URLSearchParams(location.search).has("new") ? { kind: "new" } : null);
  const close = () => {
    setDialog(null);
    setParams({ new: undefined });
  };
  // Back from a mailbox's OAuth consent: say how it went.
  const params = new URLSearchParams(location.search);
  const connected = params.get("connected");
  const oauthError = params.get("oauth_error");
  return (
    <Page title={t("settings.inboxes")} intro={t("settings.inboxes.intro")} add={t("settings.inboxes.new")} onAdd={() => setDialog({ kind: "new" })}>
      {connected && (
        <p class="notice" role="status">
          {t("settings.inboxes.oauthDone", { name: inboxes.value.find((i) => String(i.id) === connected)?.name ?? connected })}
        </p>
      )}
      {oauthError && (
        <p class="form-error" role="alert">
          {t("settings.inboxes.oauthFailed", { reason: oauthError })}
        </p>
      )}
      <Table
        caption={t("settings.inboxes")}
        heads={[t("settings.inboxes.channel"), t("field.name"), t("settings.inboxes.details")]}
        empty={t("settings.inboxes.empty")}
        count={inboxes.value.length}
      >
        {inboxes.value.map((i) => (
          <tr>
            <td>
              <span class="who">
                <ChannelIcon kind={i.kind} /> {channelName(i.kind)}
              </span>
            </td>
            <td>{i.name}</td>
            <td class="muted">
              {i.kind === "api" && <div>{outboundURL(i) || t("settings.inboxes.noOutbound")}</div>}
              {i.kind === "api" && <div>{i.has_token ? t("settings.inboxes.hasToken") : t("settings.inboxes.noToken")}</div>}
              {providerOf(i.kind, i.settings) && (
                <div>
                  {providers[providerOf(i.kind, i.settings)]?.label}
                  {i.settings?.simulated === true && <span class="badge">{t("settings.inboxes.simulated")}</span>}
                </div>
              )}
              {(i.secret_names ?? []).length > 0 && <div>{t("settings.inboxes.secretsSet", { names: i.secret_names.map(secretLabel).join(", ") })}</div>}
            </td>
            <td>
              <RowActions
                name={i.name}
                actions={[
                  { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", inbox: i }) },
                  { label: t("settings.inboxes.members"), onClick: () => setDialog({ kind: "members", inbox: i }) },
                  { label: t("assign.menu"), onClick: () => setDialog({ kind: "assignment", inbox: i }) },
                  { label: t("bots.menu"), onClick: () => setDialog({ kind: "bot", inbox: i }) },
                  (!!providerOf(i.kind, i.settings) || !!kindSpecs[i.kind]) && {
                    label: t("settings.inboxes.connection"),
                    onClick: () => setDialog({ kind: "connection", inbox: i }),
                  },
                  i.kind === "webchat" && { label: t("wc.menu"), onClick: () => setDialog({ kind: "webchat", inbox: i }) },
                  { label: t("hours.menu"), onClick: () => setDialog({ kind: "hours", inbox: i }) },
                  { label: t("csat.menu"), onClick: () => setDialog({ kind: "csat", inbox: i }) },
                  i.kind === "api" && { label: t("settings.inboxes.createToken"), onClick: () => setDialog({ kind: "token", inbox: i }) },
                  i.kind === "api" && i.has_token && { label: t("settings.inboxes.revokeToken"), danger: true, onClick: () => setDialog({ kind: "revoke", inbox: i }) },
                  { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", inbox: i }) },
                ]}
              />
            </td>
          </tr>
        ))}
      </Table>
      {dialog?.kind === "new" && <InboxForm onClose={close} />}
      {dialog?.kind === "edit" && <InboxForm inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "members" && <MembersForm inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "connection" && <Connection inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "webchat" && <WebchatDialog inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "hours" && <HoursDialog inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "assignment" && <AssignmentDialog inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "csat" && <CSATDialog inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "bot" && <BotDialog inbox={dialog.inbox} onClose={close} />}
      {dialog?.kind === "token" && (
        <Confirm
          title={t("settings.inboxes.tokenTitle", { name: dialog.inbox.name })}
          message={t("settings.inboxes.tokenMessage")}
          confirm={t("settings.inboxes.createToken")}
          onConfirm={async () => {
            const r = await post<{ token: string }>(`/inboxes/${dialog.inbox.id}/token`);
            setDialog({ kind: "token-shown", inbox: dialog.inbox, token: r.token });
          }}
          onClose={close}
        />
      )}
      {dialog?.kind === "token-shown" && (
        <SecretModal title={t("settings.inboxes.tokenShown", { name: dialog.inbox.name })} secret={dialog.token} onClose={close} />
      )}
      {dialog?.kind === "revoke" && (
        <DeleteConfirm          title={t("settings.inboxes.revokeTitle", { name: dialog.inbox.name })}          message={t("settings.inboxes.revokeMessage")}          confirm={t("settings.inboxes.revokeToken")}          path={`/inboxes/${dialog.inbox.id}/token`}          reload={loadInboxes}          onClose={close}        />
      )}
      {dialog?.kind === "delete" && (
        <DeleteConfirm          title={t("settings.inboxes.deleteTitle", { name: dialog.inbox.name })}          message={t("settings.inboxes.deleteMessage")}          path={`/inboxes/${dialog.inbox.id}`}          reload={loadInboxes}          onClose={close}        />
      )}
    </Page>
  );
}

let webchatChunk: Promise<typeof import("./Webchat").WebchatSettings> | undefined;

/** The web chat settings screen, a lazy chunk loaded as it is first opened. */
function WebchatDialog(props: { inbox: Inbox; onClose: () => void }) {
  const [C, setC] = useState<typeof import("./Webchat").WebchatSettings | null>(null);
  useEffect(() => {
    webchatChunk ??= import("./Webchat").then((m) => m.WebchatSettings);
    void webchatChunk.then((c) => setC(() => c));
  }, []);
  return C ? <C inbox={props.inbox} onClose={props.onClose} /> : null;
}

let hoursChunk: Promise<typeof import("./Hours").HoursSettings> | undefined;

/** An inbox's hours and auto-replies, a lazy chunk loaded as it is first opened. */
function HoursDialog(props: { inbox: Inbox; onClose: () => void }) {
  const [C, setC] = useState<typeof import("./Hours").HoursSettings | null>(null);
  useEffect(() => {
    hoursChunk ??= import("./Hours").then((m) => m.HoursSettings);
    void hoursChunk.then((c) => setC(() => c));
  }, []);
  return C ? <C inbox={props.inbox} onClose={props.onClose} /> : null;
}

let assignmentChunk: Promise<typeof import("./Assignment").AssignmentSettings> | undefined;

/** An inbox's automatic assignment settings, a lazy chunk loaded as it is first opened. */
function AssignmentDialog(props: { inbox: Inbox; onClose: () => void }) {
  const [C, setC] = useState<typeof import("./Assignment").AssignmentSettings | null>(null);
  useEffect(() => {
    assignmentChunk ??= import("./Assignment").then((m) => m.AssignmentSettings);
    void assignmentChunk.then((c) => setC(() => c));
  }, []);
  return C ? <C inbox={props.inbox} onClose={props.onClose} /> : null;
}

let csatChunk: Promise<typeof import("./CSAT").CSATSettingsForm> | undefined;

/** An inbox's satisfaction survey settings, a lazy chunk loaded as it is first opened. */
function CSATDialog(props: { inbox: Inbox; onClose: () => void }) {
  const [C, setC] = useState<typeof import("./CSAT").CSATSettingsForm | null>(null);
  useEffect(() => {
    csatChunk ??= import("./CSAT").then((m) => m.CSATSettingsForm);
    void csatChunk.then((c) => setC(() => c));
  }, []);
  return C ? <C inbox={props.inbox} onClose={props.onClose} /> : null;
}

let botChunk: Promise<typeof import("./Bot").BotSettings> | undefined;

/** An inbox's bot, a lazy chunk loaded as it is first opened. */
function BotDialog(props: { inbox: Inbox; onClose: () => void }) {
  const [C, setC] = useState<typeof import("./Bot").BotSettings | null>(null);
  useEffect(() => {
    botChunk ??= import("./Bot").then((m) => m.BotSettings);
    void botChunk.then((c) => setC(() => c));
  }, []);
  return C ? <C inbox={props.inbox} onClose={props.onClose} /> : null;
}

function outboundURL(i: Inbox): string {
  const u = i.settings?.outbound_url;
  return typeof u === "string" ? u : "";
}

function secretLabel(name: string): string {
  const known: Record<string, string> = {
    signing_secret: t("settings.inboxes.signingSecret"),
    access_token: t("settings.inboxes.secret.access_token"),
    app_secret: t("settings.inboxes.secret.app_secret"),
    verify_token: t("settings.inboxes.secret.verify_token"),
    auth_token: t("settings.inboxes.secret.auth_token"),
    password: t("settings.inboxes.secret.password"),
  };
  return known[name] ?? name;
}

/** A health line of what the connection lacks (permissions, webhook fields); none until a check could tell. */
function Missing(props: { label: string; testid: string; names?: string[]; all: () => string; some: (list: string) => string }) {
  if (!props.names) return null;
  return (
    <>
      <dt>{props.label}</dt>
      <dd data-testid={props.testid} class={props.names.length ? "error-text" : ""}>
        {props.names.length ? props.some(props.names.join(", ")) : props.all()}
      </dd>
    </>
  );
}

/** The provider sign-in labels, by the health's oauth_provider. */
const signInLabels: Record<string, () => string> = {
  google: () => t("settings.inboxes.connectGoogle"),
  microsoft: () => t("settings.inboxes.connectMicrosoft"),
  facebook: () => t("settings.inboxes.connectFacebook"),
  instagram: () => t("settings.inboxes.connectInstagram"),
};

/** The sign-ins' brand names, the same in every language. */
const providerNames: Record<string, string> = { google: "Google", microsoft: "Microsoft", facebook: "Facebook", instagram: "Instagram" };

/**
 * Connecting an inbox with its provider's sign-in: the button that goes to the consent page,
 * whether a token is kept, and the redirect URI to register with the app. Meta's sign-ins need
 * the app's id and secret first; until they are there, only what to do is shown.
 */
function SignIn(props: { inbox: Inbox; provider: string; onError: (m: string) => void }) {
  const names = props.inbox.secret_names ?? [];
  const email = props.inbox.kind === "email";
  const ready = email || (!!props.inbox.settings?.app_id && names.includes("app_secret"));
  const label = signInLabels[props.provider]?.() ?? props.provider;
  return (
    <div class="sign-in" data-testid="sign-in">
      {ready ? (
        <p>
          <button
            class="primary"
            onClick={async () => {
              try {
                location.assign((await post<{ url: string }>(`/inboxes/${props.inbox.id}/oauth`)).url);
              } catch (x) {
                props.onError((x as Error).message);
              }
            }}
          >
            {label}
          </button>{" "}
          <span class="muted">
            {email
              ? names.includes("oauth_refresh_token")
                ? t("settings.inboxes.oauthConnected")
                : t("settings.inboxes.oauthNotConnected")
              : names.includes("access_token")
                ? t("settings.inboxes.metaConnected")
                : t("settings.inboxes.metaNotConnected")}
          </span>
        </p>
      ) : (
        <p class="muted">{t("settings.inboxes.metaNeedsApp", { provider: providerNames[props.provider] ?? props.provider })}</p>
      )}
      <p class="field-hint">
        {t("settings.inboxes.redirectUri")}: <code data-testid="redirect-uri">{location.origin + "/api/v1/oauth/callback"}</code>{" "}
        {t("settings.inboxes.redirectUriHint")}
      </p>
    </div>
  );
}

/** What to paste into the provider's console, and how the connection is doing. */
function Connection(props: { inbox: Inbox; onClose: () => void }) {
  const [h, setH] = useState<InboxHealth | null>(null);
  const [err, setErr] = useState("");
  const [synced, setSynced] = useState(false);
  const [list, setList] = useState<Template[]>([]);
  const load = () => {
    void get<{ items: Template[] }>(`/inboxes/${props.inbox.id}/templates`)
      .then((r) => setList(r.items))
      .catch(() => setList([]));
    return get<InboxHealth>(`/inboxes/${props.inbox.id}/health`)
      .then(setH)
      .catch((x) => setErr(x.message));
  };
  useEffect(() => void load(), [props.inbox.id]);
  const when = (s: string | null) => (s ? new Date(s).toLocaleString(language.value) : t("settings.inboxes.never"));
  const templates = channels.value.get(props.inbox.kind)?.capabilities.templates;
  return (
    <Modal title={t("settings.inboxes.connectionTitle", { name: props.inbox.name })} onClose={props.onClose} wide>
      {!h && !err && <p aria-busy="true">{t("list.loading")}</p>}
      {err && <p class="form-error">{err}</p>}
      {h && h.oauth_provider && <SignIn inbox={props.inbox} provider={h.oauth_provider} onError={setErr} />}
      {h && h.warnings.length > 0 && (
        <div class="notice warning" role="status" data-testid="health-warnings">
          <strong>{t("settings.inboxes.warnings")}</strong>
          <ul>
            {h.warnings.map((w) => (
              <li>{w}</li>
            ))}
          </ul>
        </div>
      )}
      {h && (
        <dl class="health">
          {props.inbox.kind !== "email" && (
            <>
              <dt>{t("settings.inboxes.webhookUrl")}</dt>
              <dd>
                <code data-testid="webhook-url">{location.origin + h.webhook_url}</code>
                <p class="field-hint">{t("settings.inboxes.webhookHint")}</p>
              </dd>
            </>
          )}
          {h.verify_token && (
            <>
              <dt>{t("settings.inboxes.secret.verify_token")}</dt>
              <dd>
                <code>{h.verify_token}</code>
              </dd>
            </>
          )}
          <dt>{props.inbox.kind === "email" ? t("settings.inboxes.lastImport") : t("settings.inboxes.lastWebhook")}</dt>
          <dd>{when(h.last_webhook_at)}</dd>
          <dt>{t("settings.inboxes.lastSend")}</dt>
          <dd>{when(h.last_send_at)}</dd>
          <dt>{t("settings.inboxes.lastError")}</dt>
          <dd class={h.last_error ? "error-text" : ""}>{h.last_error ? `${h.last_error} (${when(h.last_error_at)})` : t("settings.inboxes.noError")}</dd>
          <dt>{t("settings.inboxes.credentials")}</dt>
          <dd data-testid="health-credentials">
            {h.credentials_ok === null ? t("settings.inboxes.credentialsUnknown") : h.credentials_ok ? t("settings.inboxes.credentialsOk") : t("settings.inboxes.credentialsBad")}
          </dd>
          {h.token_expires_at && (
            <>
              <dt>{t("settings.inboxes.tokenExpires")}</dt>
              <dd data-testid="health-token">
                {h.token_refresh_at ? t("settings.inboxes.tokenRenewal", { date: when(h.token_expires_at), renewal: when(h.token_refresh_at) }) : when(h.token_expires_at)}
              </dd>
            </>
          )}
          <Missing
            label={t("settings.inboxes.permissions")}
            testid="health-permissions"
            names={h.missing_permissions}
            all={() => t("settings.inboxes.permissionsAll")}
            some={(list) => t("settings.inboxes.permissionsMissing", { list })}
          />
          <Missing
            label={t("settings.inboxes.webhookFields")}
            testid="health-fields"
            names={h.unsubscribed_fields}
            all={() => t("settings.inboxes.fieldsAll")}
            some={(list) => t("settings.inboxes.fieldsMissing", { list })}
          />
          {templates && (
            <>
              <dt>{t("settings.inboxes.templatesSynced")}</dt>
              <dd>
                {when(h.templates_synced_at)}{" "}
                <button
                  class="ghost"
                  disabled={synced}
                  onClick={async () => {
                    await post(`/inboxes/${props.inbox.id}/templates/sync`);
                    setSynced(true);
                    setTimeout(() => void load().then(() => setSynced(false)), 1500);
                  }}
                >
                  {synced ? t("settings.inboxes.syncing") : t("settings.inboxes.syncTemplates")}
                </button>
              </dd>
            </>
          )}
        </dl>
      )}
      {templates && list.length > 0 && (
        <table class="table settings-table templates-table" aria-label={t("template.title")}>
          <thead>
            <tr>
              <th>{t("field.name")}</th>
              <th>{t("settings.inboxes.templateLanguage")}</th>
              <th>{t("settings.inboxes.templateCategory")}</th>
              <th>{t("settings.inboxes.templateStatus")}</th>
            </tr>
          </thead>
          <tbody>
            {list.map((tpl) => (
              <tr>
                <td title={tpl.body}>{tpl.name}</td>
                <td>{tpl.language}</td>
                <td>{tpl.category}</td>
                <td>{tpl.status === "approved" ? t("settings.inboxes.templateApproved") : t(("template.status." + tpl.status) as any)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </Modal>
  );
}

/** Connects an inbox, or changes one when inbox is given (its kind cannot change). */
function InboxForm(props: { inbox?: Inbox; onClose: () => void }) {
  const i = props.inbox;
  const { f, setF, set, err, setErr, busy, submit } = useForm({
    kind: (i?.kind ?? "api") as ChannelKind,
    name: i?.name ?? "",
    outbound_url: i ? outboundURL(i) : "",
    settings: JSON.stringify(i?.settings ?? {}, null, 2),
    secrets: {} as Record<string, string>,
    provider: "",
    typed: typedOf(i?.settings),
  });
  const [ai, setAI] = useState(i?.assistant ?? followWorkspace);
  const provider = f.provider || providerOf(f.kind, i?.settings);
  const spec: Spec | undefined = providers[provider] ?? kindSpecs[f.kind];
  const fields = (spec?.fields ?? []).filter((fd) => !fd.when || fd.when(f.typed));
  // Secrets the changed settings would send elsewhere: asked for again, or (a refresh token)
  // dropped by the server, which the admin is told.
  const ask = movedSecrets(i, spec?.moves, f.typed, spec?.fields ?? []);
  if (i && f.kind === "api" && (i.secret_names ?? []).includes("signing_secret") && f.outbound_url.trim() && origin(f.outbound_url.trim()) !== origin(outboundURL(i)))
    ask.push("signing_secret");
  const reconnect = movedSecrets(i, spec?.forgets, f.typed, spec?.fields ?? []).length > 0;
  const secretNames = [...new Set([...(spec?.secrets ?? kindSecrets[f.kind] ?? []), ...(i?.secret_names ?? [])])];
  const save = submit(async () => {
    let settings: Record<string, unknown>;
    if (spec) {
      // The provider's typed fields; other keys set through the API are kept.
      settings = { ...(i?.settings ?? {}), ...f.typed };
      if (provider) settings.provider = provider;
      for (const fd of spec.fields) if (fd.when && !fd.when(f.typed)) delete settings[fd.name];
      for (const fd of spec.fields) {
        const v = settings[fd.name];
        if (fd.type === "list" && typeof v === "string") settings[fd.name] = v.split(",").map((x) => x.trim()).filter(Boolean);
      }
      for (const [k, v] of Object.entries(settings)) if (v === "" || (Array.isArray(v) && v.length === 0)) delete settings[k];
    } else if (f.kind === "api") {
      // Only the outbound URL is edited here; other keys set through the API are kept.
      settings = { ...(i?.settings ?? {}) };
      if (f.outbound_url.trim()) settings.outbound_url = f.outbound_url.trim();
      else delete settings.outbound_url;
    } else {
      try {
        settings = JSON.parse(f.settings || "{}");
      } catch {
        setErr({ message: t("settings.inboxes.settingsInvalid"), fields: { settings: t("settings.inboxes.settingsInvalid") } });
        return;
      }
    }
    const secrets = Object.fromEntries(Object.entries(f.secrets).filter(([k, v]) => k && (i ? true : v !== "")));
    const assistant = JSON.stringify(ai) !== JSON.stringify(i?.assistant ?? followWorkspace) ? ai : undefined;
    if (i) await patch<Inbox>(`/inboxes/${i.id}`, { name: f.name, settings, secrets, assistant });
    else await post<Inbox>("/inboxes", { kind: f.kind, name: f.name, settings, secrets });
    await loadInboxes();
    props.onClose();
  });
  const outboundError = err?.fields["settings.outbound_url"] ?? (f.kind === "api" ? err?.fields.settings : undefined);
  return (
    <FormModal
      title={i ? t("settings.inboxes.editTitle", { name: i.name }) : t("settings.inboxes.new")}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      submit={i ? undefined : t("settings.inboxes.create")}
      wide
    >
      {i ? (
        <p class="who">
          <ChannelIcon kind={i.kind} /> {channelName(i.kind)}
        </p>
      ) : (
        <Field label={t("settings.inboxes.channel")} error={err?.fields.kind}>
          <select name="kind" value={f.kind} onChange={set("kind")}>
            {kinds.filter(connectable).map((k) => (
              <option value={k}>{channelName(k)}</option>
            ))}
          </select>
        </Field>
      )}
      <Field label={t("field.name")} error={err?.fields.name}>
        <input name="name" required value={f.name} onInput={set("name")} />
      </Field>
      {!i && providersOf(f.kind).length > 1 && (
        <Field label={t("settings.inboxes.provider")} error={err?.fields["settings.provider"]}>
          <select name="provider" value={provider} onChange={(e) => setF({ ...f, provider: e.currentTarget.value })}>
            {providersOf(f.kind).map((p) => (
              <option value={p}>{providers[p]!.label}</option>
            ))}
          </select>
        </Field>
      )}
      {spec ? (
        fields.map((fd) => <TypedField fd={fd} value={f.typed[fd.name]} error={err?.fields["settings." + fd.name]} onChange={(v) => setF({ ...f, typed: { ...f.typed, [fd.name]: v } })} />)
      ) : f.kind === "api" ? (
        <Field label={t("settings.inboxes.outboundUrl")} error={outboundError} hint={t("settings.inboxes.outboundHint")}>
          <input name="outbound_url" type="url" placeholder="https://…" value={f.outbound_url} onInput={set("outbound_url")} />
        </Field>
      ) : (
        <Field label={t("settings.inboxes.settings")} error={err?.fields.settings} hint={t("settings.inboxes.settingsHint")}>
          <textarea name="settings" class="code" rows={5} value={f.settings} onInput={set("settings")} />
        </Field>
      )}
      <SecretsEditor
        names={secretNames}
        set={i?.secret_names ?? []}
        value={f.secrets}
        onChange={(secrets) => setF({ ...f, secrets })}
        errors={err?.fields ?? {}}
        ask={ask}
      />
      {reconnect && <p class="field-hint warning">{t("settings.inboxes.reconnectAfter")}</p>}
      {i && <InboxAssistantFields value={ai} onChange={setAI} />}
      <FormError
        err={err}
        shown={[
          "kind",
          "name",
          "settings",
          "settings.outbound_url",
          "settings.provider",
          ...(spec?.fields ?? []).map((fd) => "settings." + fd.name),
          "secrets",
          ...[...Object.keys(f.secrets), ...secretNames].map((k) => "secrets." + k),
        ]}
      />
    </FormModal>
  );
}

/**
 * The settings a form edits as typed fields: strings, numbers and booleans, and lists as names
 * separated by commas. An email inbox that names its one folder (folder) shows it as its list.
 */
function typedOf(settings: Record<string, unknown> | undefined): Typed {
  const out: Typed = {};
  for (const [k, v] of Object.entries(settings ?? {})) {
    if (typeof v === "string" || typeof v === "number" || typeof v === "boolean") out[k] = v;
    else if (Array.isArray(v) && v.every((x) => typeof x === "string")) out[k] = v.join(", ");
  }
  if (out.folders === undefined && typeof out.folder === "string") out.folders = out.folder;
  return out;
}

/** One typed setting, as the input its type wants. */
function TypedField(props: { fd: SettingField; value: string | number | boolean | undefined; error?: string; onChange: (v: string | number | boolean) => void }) {
  const fd = props.fd;
  const label = t(("settings.inboxes.field." + fd.name) as any);
  const hint = t(("settings.inboxes.hint." + fd.name) as any);
  const v = props.value;
  if (fd.type === "checkbox") {
    return (
      <label class="check">
        <input type="checkbox" name={fd.name} checked={v === true} onChange={(e) => props.onChange(e.currentTarget.checked)} /> {label}
        {hint && <span class={fd.warn ? "field-hint warning" : "field-hint"}> {hint}</span>}
      </label>
    );
  }
  return (
    <Field label={label} error={props.error} hint={hint}>
      {fd.type === "select" ? (
        <select name={fd.name} value={String(v ?? fd.options![0])} onChange={(e) => props.onChange(e.currentTarget.value)}>
          {fd.options!.map((o) => (
            <option value={o}>{t(("settings.inboxes.option." + (o || fd.empty || "leave")) as any)}</option>
          ))}
        </select>
      ) : fd.type === "textarea" ? (
        <textarea name={fd.name} rows={3} value={String(v ?? "")} onInput={(e) => props.onChange(e.currentTarget.value)} />
      ) : (
        <input
          name={fd.name}
          type={(fd.type === "list" ? "text" : (fd.type ?? "text")) as "text"}
          required={fd.required}
          value={String(v ?? "")}
          onInput={(e) => props.onChange(fd.type === "number" ? (e.currentTarget.value ? Number(e.currentTarget.value) : "") : e.currentTarget.value)}
        />
      )}
    </Field>
  );
}

/**
 * The write-only secrets of an inbox: each one set can be replaced or removed, never read. value
 * holds the changes: a new value, or "" to remove a secret that is set.
 */
function SecretsEditor(props: {
  names: string[];
  set: string[];
  value: Record<string, string>;
  onChange: (v: Record<string, string>) => void;
  errors: Record<string, string>;
  /** Secrets that must be entered again: the changed settings would send them elsewhere. */
  ask?: string[];
}) {
  const [extra, setExtra] = useState<string[]>([]);
  const [newName, setNewName] = useState("");
  const change = (name: string, v: string | undefined) => {
    const next = { ...props.value };
    if (v === undefined) delete next[name];
    else next[name] = v;
    props.onChange(next);
  };
  const names = [...props.names, ...extra.filter((n) => !props.names.includes(n))];
  return (
    <fieldset class="check-group">
      <legend class="field-label">{t("settings.inboxes.secrets")}</legend>
      <p class="field-hint">{t("settings.inboxes.secretsHint")}</p>
      {names.map((n) => {
        const isSet = props.set.includes(n);
        const removing = isSet && props.value[n] === "";
        const again = !removing && (props.ask ?? []).includes(n);
        return (
          <div class="secret-field">
            <Field
              label={secretLabel(n)}
              error={props.errors["secrets." + n]}
              hint={
                removing
                  ? t("settings.inboxes.secretRemoving")
                  : again
                    ? t("settings.inboxes.secretAgain")
                    : isSet
                      ? t("settings.inboxes.secretIsSet")
                      : t("settings.inboxes.secretNotSet")
              }
            >
              <input
                name={"secret-" + n}
                type="password"
                autocomplete="off"
                required={again}
                disabled={removing}
                placeholder={isSet ? "••••••••" : ""}
                value={removing ? "" : (props.value[n] ?? "")}
                onInput={(e) => change(n, e.currentTarget.value || undefined)}
              />
            </Field>
            {isSet && (
              <button type="button" class="ghost" onClick={() => change(n, removing ? undefined : "")}>
                {removing ? t("settings.inboxes.keepSecret") : t("settings.inboxes.removeSecret")}
              </button>
            )}
          </div>
        );
      })}
      <div class="inline-add">
        <Field label={t("settings.inboxes.newSecretName")} error={props.errors.secrets}>
          <input name="new-secret-name" value={newName} onInput={(e) => setNewName(e.currentTarget.value)} />
        </Field>
        <button
          type="button"
          class="ghost"
          disabled={!newName.trim() || names.includes(newName.trim())}
          onClick={() => {
            setExtra([...extra, newName.trim()]);
            setNewName("");
          }}
        >
          {t("settings.inboxes.addSecret")}
        </button>
      </div>
    </fieldset>
  );
}

/** Who belongs to an inbox: agents directly, and teams, whose agents then do too. */
function MembersForm(props: { inbox: Inbox; onClose: () => void }) {
  const { f, setF, setErr, err, busy, submit } = useForm<InboxMembers & { loaded: boolean }>({ loaded: false, agent_ids: [], team_ids: [] });
  useEffect(() => {
    get<InboxMembers>(`/inboxes/${props.inbox.id}/members`)
      .then((m) => setF({ loaded: true, agent_ids: m.agent_ids, team_ids: m.team_ids }))
      .catch((x) => setErr({ message: x.message, fields: {} }));
  }, [props.inbox.id]);
  const save = submit(async () => {
    await put<InboxMembers>(`/inboxes/${props.inbox.id}/members`, { agent_ids: f.agent_ids, team_ids: f.team_ids });
    await loadInboxes();
    props.onClose();
  });
  return (
    <FormModal title={t("settings.inboxes.membersTitle", { name: props.inbox.name })} onClose={props.onClose} onSubmit={save} busy={busy || !f.loaded}>
      <p class="muted">{t("settings.inboxes.membersHint")}</p>
      {!f.loaded && !err && <p aria-busy="true">{t("list.loading")}</p>}
      {f.loaded && (
        <>
          <CheckGroup
            legend={t("settings.agents")}
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
          <CheckGroup
            legend={t("settings.teams")}
            options={teams.value.map((tm) => ({ value: tm.id, label: tm.name }))}
            value={f.team_ids}
            onChange={(team_ids) => setF({ ...f, team_ids })}
            error={err?.fields.team_ids}
            empty={t("settings.teams.empty")}
          />
        </>
      )}
      <FormError err={err} shown={["agent_ids", "team_ids"]} />
    </FormModal>
  );
}
