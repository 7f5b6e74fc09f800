// Settings › Webhooks: HTTP endpoints subscribed to events. Admins add them (the signing secret
// is shown once), choose their event types, enable and disable them, rotate the secret, send a
// test and follow each delivery's outcome.
import { useEffect, useState } from "preact/hooks";
import { del, get, patch, post } from "../api";
import { longTime, t } from "../i18n";
import { me } from "../state";
import { onEvent } from "../stream";
import { Field, problem } from "../ui";
import { CheckGroup, Confirm, FormError, FormModal, LogPanel, Page, RowActions, SecretModal, Table, useForm, usePages } from "./crud";
import type { Webhook, WebhookDelivery } from "../types";

/** The types a webhook may subscribe to (switchboard.EventTypes). */
const eventTypes = [
  "conversation.created",
  "conversation.updated",
  "conversation.assigned",
  "conversation.status_changed",
  "conversation.labels_changed",
  "conversation.read_state",
  "message.created",
  "message.updated",
  "message.deleted",
  "contact.created",
  "contact.updated",
  "contact.deleted",
  "contact.merged",
  "contact.unmerged",
  "contact.note_created",
  "contact.note_updated",
  "contact.note_deleted",
  "agent.created",
  "agent.updated",
  "agent.deleted",
  "agent.presence",
  "team.changed",
  "inbox.changed",
  "label.changed",
  "contact_attribute.changed",
  "canned_response.changed",
  "scheduled_message.changed",
  "webhook.changed",
  "webhook.disabled",
  "webhook.test",
  "conversation.sla_warning",
  "conversation.sla_breached",
  "sla_policy.changed",
];



type WithSecret = { webhook: Webhook; secret: string };

type Dialog =
  | { kind: "new" }
  | { kind: "edit" | "rotate" | "delete"; hook: Webhook }
  | { kind: "secret"; title: string; secret: string }
  | null;

export function Webhooks() {
  const [hooks, setHooks] = useState<Webhook[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [viewing, setViewing] = useState<{ id: number; at: number } | null>(null);
  const [msg, setMsg] = useState("");
  const load = () =>
    get<{ items: Webhook[] }>("/webhooks")
      .then((r) => setHooks(r.items))
      .catch((x) => setMsg(problem(x).message));
  useEffect(() => {
    void load();
    return onEvent((e) => {
      if (e.type === "webhook.changed" || e.type === "webhook.disabled") void load();
    });
  }, []);
  const close = () => setDialog(null);
  const act = async (fn: () => Promise<unknown>, done?: string) => {
    setMsg("");
    try {
      await fn();
      await load();
      if (done) setMsg(done);
    } catch (x) {
      setMsg(problem(x).message);
    }
  };
  const test = (w: Webhook) =>
    act(async () => {
      await post(`/webhooks/${w.id}/test`);
      setViewing({ id: w.id, at: Date.now() });
    }, t("settings.webhooks.testQueued"));
  const list = hooks ?? [];
  const shown = viewing && list.find((w) => w.id === viewing.id);
  return (
    <Page title={t("settings.webhooks")} intro={t("settings.webhooks.intro")} add={t("settings.webhooks.new")} onAdd={() => setDialog({ kind: "new" })}>
      {msg && (
        <p class="settings-status" role="status">
          {msg}
        </p>
      )}
      {hooks && (
        <Table
          caption={t("settings.webhooks")}
          heads={[t("settings.webhooks.url"), t("settings.webhooks.events"), t("settings.webhooks.state"), t("settings.webhooks.failures")]}
          empty={t("settings.webhooks.empty")}
          count={list.length}
        >
          {list.map((w) => (
            <tr>
              <td class="wrap">
                <div>{w.url}</div>
                {w.description && <div class="muted">{w.description}</div>}
                <div class="muted">{t("settings.webhooks.secretPrefix", { prefix: w.secret_prefix })}</div>
              </td>
              <td class="wrap">{w.events.length ? w.events.join(", ") : t("settings.webhooks.allEvents")}</td>
              <td>
                {w.enabled ? (
                  <span class="status-badge open">{t("settings.webhooks.enabled")}</span>
                ) : (
                  <>
                    <span class="status-badge">{t("settings.webhooks.disabled")}</span>
                    {w.disabled_reason && <div class="muted">{w.disabled_reason}</div>}
                  </>
                )}
              </td>
              <td>{w.failure_streak}</td>
              <td>
                <RowActions
                  name={w.url}
                  actions={[
                    { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", hook: w }) },
                    {
                      label: w.enabled ? t("settings.webhooks.disable") : t("settings.webhooks.enable"),
                      onClick: () => void act(() => patch(`/webhooks/${w.id}`, { enabled: !w.enabled })),
                    },
                    { label: t("settings.webhooks.test"), onClick: () => void test(w) },
                    { label: t("settings.webhooks.deliveries"), onClick: () => setViewing({ id: w.id, at: Date.now() }) },
                    { label: t("settings.webhooks.rotate"), onClick: () => setDialog({ kind: "rotate", hook: w }) },
                    { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", hook: w }) },
                  ]}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {shown && viewing && <Deliveries hook={shown} at={viewing.at} onClose={() => setViewing(null)} />}
      {dialog?.kind === "new" && (
        <WebhookForm
          onClose={close}
          onSaved={(r) => {
            void load();
            if (r) setDialog({ kind: "secret", title: t("settings.webhooks.created"), secret: r.secret });
            else close();
          }}
        />
      )}
      {dialog?.kind === "edit" && (
        <WebhookForm
          hook={dialog.hook}
          onClose={close}
          onSaved={() => {
            void load();
            close();
          }}
        />
      )}
      {dialog?.kind === "secret" && <SecretModal title={dialog.title} secret={dialog.secret} onClose={close} />}
      {dialog?.kind === "rotate" && (
        <Confirm
          title={t("settings.webhooks.rotateTitle")}
          message={t("settings.webhooks.rotateMessage")}
          confirm={t("settings.webhooks.rotate")}
          onConfirm={async () => {
            const r = await post<WithSecret>(`/webhooks/${dialog.hook.id}/rotate-secret`);
            void load();
            setDialog({ kind: "secret", title: t("settings.webhooks.rotated"), secret: r.secret });
          }}
          onClose={close}
        />
      )}
      {dialog?.kind === "delete" && (
        <Confirm
          title={t("settings.webhooks.deleteTitle")}
          message={t("settings.webhooks.deleteMessage", { url: dialog.hook.url })}
          confirm={t("action.delete")}
          onConfirm={async () => {
            await del(`/webhooks/${dialog.hook.id}`);
            if (viewing?.id === dialog.hook.id) setViewing(null);
            await load();
            close();
          }}
          onClose={close}
        />
      )}
    </Page>
  );
}

/** Creates a webhook (onSaved gets its secret), or changes one when hook is given. */
function WebhookForm(props: { hook?: Webhook; onClose: () => void; onSaved: (r?: WithSecret) => void }) {
  const w = props.hook;
  const { f, setF, set, err, busy, submit } = useForm({ url: w?.url ?? "", description: w?.description ?? "", events: w?.events ?? ([] as string[]) });
  const save = submit(async () => {
    if (w) {
      await patch<Webhook>(`/webhooks/${w.id}`, f);
      props.onSaved();
    } else {
      props.onSaved(await post<WithSecret>("/webhooks", f));
    }
  });
  return (
    <FormModal
      title={w ? t("settings.webhooks.editTitle") : t("settings.webhooks.new")}
      onClose={props.onClose}
      onSubmit={save}
      busy={busy}
      submit={w ? undefined : t("settings.webhooks.create")}
      wide
    >
      <Field label={t("settings.webhooks.url")} error={err?.fields.url} hint={t("settings.webhooks.urlHint")}>
        <input name="url" type="url" required placeholder="https://…" value={f.url} onInput={set("url")} />
      </Field>
      <Field label={t("settings.description")} error={err?.fields.description}>
        <input name="description" value={f.description} onInput={set("description")} />
      </Field>
      <CheckGroup
        legend={t("settings.webhooks.events")}
        hint={t("settings.webhooks.eventsHint")}
        options={eventTypes.map((e) => ({ value: e, label: <code>{e}</code> }))}
        value={f.events}
        onChange={(events) => setF({ ...f, events })}
        error={err?.fields.events}
      />
      <FormError err={err} shown={["url", "description", "events"]} />
    </FormModal>
  );
}

/** A webhook's deliveries, newest first, page by page; refreshed while some are pending. */
function Deliveries(props: { hook: Webhook; at: number; onClose: () => void }) {
  const pages = usePages<WebhookDelivery>(`/webhooks/${props.hook.id}/deliveries`);
  const { items, more, load } = pages;
  useEffect(() => void load(), [props.hook.id, props.at]);
  // Outcomes arrive without an event: look again while a delivery waits for its attempt.
  useEffect(() => {
    if (more || !items.some((d) => d.state === "pending")) return;
    const timer = setTimeout(() => void load(), 2000);
    return () => clearTimeout(timer);
  }, [items, more]);
  const tz = me.value?.time_zone;
  return (
    <LogPanel
      id="deliveries-title"
      class="deliveries"
      title={t("settings.webhooks.deliveriesTitle", { url: props.hook.url })}
      pages={pages}
      empty={t("settings.webhooks.noDeliveries")}
      older={t("settings.webhooks.older")}
      refresh={t("settings.webhooks.refresh")}
      onClose={props.onClose}
    >
      <table class="table settings-table deliveries-table">
        <caption class="sr-only">{t("settings.webhooks.deliveries")}</caption>
        <thead>
          <tr>
            <th scope="col">{t("settings.webhooks.time")}</th>
            <th scope="col">{t("settings.webhooks.eventType")}</th>
            <th scope="col">{t("settings.webhooks.state")}</th>
            <th scope="col">{t("settings.webhooks.attempts")}</th>
            <th scope="col">{t("settings.webhooks.response")}</th>
            <th scope="col">{t("settings.webhooks.error")}</th>
          </tr>
        </thead>
        <tbody>
          {items.map((d) => (
            <tr class="delivery">
              <td>{longTime(d.created_at, tz)}</td>
              <td>
                <code>{d.event_type}</code>
              </td>
              <td>
                <span class={"status-badge delivery-" + d.state}>{t(("settings.webhooks.delivery." + d.state) as "settings.webhooks.delivery.pending")}</span>
                {d.state === "pending" && d.next_attempt_at && (
                  <div class="muted">{t("settings.webhooks.nextAttempt", { time: longTime(d.next_attempt_at, tz) })}</div>
                )}
              </td>
              <td>{d.attempts}</td>
              <td>
                {d.response_status ? d.response_status : "—"}
                {d.attempts > 0 && <div class="muted">{t("settings.webhooks.duration", { ms: d.duration_ms })}</div>}
                {d.response_body && (
                  <details>
                    <summary>{t("settings.webhooks.body")}</summary>
                    <pre class="response-body">{d.response_body}</pre>
                  </details>
                )}
              </td>
              <td class="wrap">{d.error}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </LogPanel>
  );
}
