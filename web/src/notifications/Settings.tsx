// Settings › Notifications, every agent's own: which triggers use which media (the bell, push,
// email, sound), the sound and its volume, quiet hours, pushes while active, push on this
// browser and the agent's subscribed browsers; for admins, the email sender (the SMTP account
// notification emails go through). A lazy chunk, with its English texts (see addEnglish).
// Every change saves at once; answers apply in order, so quick clicks cannot undo each other.
import { useEffect, useRef, useState } from "preact/hooks";
import { del, get, post, put } from "../api";
import { addEnglish, longTime, t, type Key } from "../i18n";
import { notificationSettingsTexts } from "../i18n/en-notifications-settings";
import { isAdmin, me } from "../state";
import { Field, problem } from "../ui";
import { browserName, currentSubscription, disablePush, enablePush, pushProblem, pushState, type PushProblem } from "./push";
import { play } from "./sounds";
import { settings as shared } from "./store";
import { soundNames, triggers, type Choice, type MailSettings, type Trigger, type NotificationSettings, type PushSubscriptionInfo } from "./types";

addEnglish(notificationSettingsTexts); // this chunk's English texts

const media: (keyof Choice)[] = ["app", "push", "email", "sound"];

export function NotificationsPage() {
  const [s, setS] = useState<NotificationSettings | null>(null);
  const [err, setErr] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [saved, setSaved] = useState(false);
  // The newest settings, also between a change and its render, so quick changes build on each
  // other. Saves run one after another; only the answer to the newest change is shown.
  const latest = useRef<NotificationSettings | null>(null);
  const chain = useRef<Promise<unknown>>(Promise.resolve());
  const version = useRef(0);
  const show = (next: NotificationSettings) => {
    latest.current = next;
    setS(next);
  };

  useEffect(() => {
    get<NotificationSettings>("/notifications/settings").then(show, (x) => setErr(problem(x)));
  }, []);

  /** Applies a change to the newest settings and saves them. */
  const change = (fn: (s: NotificationSettings) => NotificationSettings) => {
    const next = fn(latest.current!);
    show(next);
    setSaved(false);
    const v = ++version.current;
    chain.current = chain.current.then(async () => {
      try {
        const r = await put<NotificationSettings>("/notifications/settings", next);
        shared.value = r;
        if (v === version.current) {
          show(r);
          setErr(null);
          setSaved(true);
        }
      } catch (x) {
        if (v === version.current) setErr(problem(x));
      }
    });
  };

  if (!s)
    return (
      <div class="settings-page notif-settings-page">
        <h1>{t("notifications.title")}</h1>
        {err ? <p class="form-error">{err.message}</p> : <p class="muted" aria-busy="true">{t("notifications.loading")}</p>}
      </div>
    );

  const setChoice = (trig: Trigger, m: keyof Choice, on: boolean) =>
    change((s) => ({ ...s, triggers: { ...s.triggers, [trig]: { ...s.triggers[trig], [m]: on } } }));

  return (
    <div class="settings-page notif-settings-page">
      <h1>{t("notifications.title")}</h1>
      <p class="muted">{t("nset.intro")}</p>

      <div class="notif-table-wrap">
        <table class="table notif-table">
          <caption class="sr-only">{t("nset.tableCaption")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("nset.trigger")}</th>
              {media.map((m) => (
                <th scope="col" id={"nset-col-" + m}>
                  {t(("nset.medium." + m) as Key)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {triggers.map((trig) => (
              <tr>
                <th scope="row" id={"nset-row-" + trig}>
                  <span class="notif-trigger">{t(("nset.trigger." + trig) as Key)}</span>
                  <span class="muted notif-trigger-hint">{t(("nset.hint." + trig) as Key)}</span>
                </th>
                {media.map((m) => (
                  <td>
                    <input
                      type="checkbox"
                      name={`${trig}.${m}`}
                      data-trigger={trig}
                      data-medium={m}
                      aria-label={t("nset.cell", { medium: t(("nset.medium." + m) as Key), trigger: t(("nset.trigger." + trig) as Key) })}
                      checked={!!s.triggers[trig]?.[m]}
                      onChange={(e) => setChoice(trig, m, e.currentTarget.checked)}
                    />
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <p class="muted">{t("nset.pushEmailHint")}</p>

      <h2>{t("nset.soundTitle")}</h2>
      <div class="notif-sound">
        <Field label={t("nset.sound")}>
          <select name="sound" value={s.sound} onChange={(e) => change((s) => ({ ...s, sound: e.currentTarget.value as any }))}>
            {soundNames.map((n) => (
              <option value={n}>{t(("nset.sound." + n) as Key)}</option>
            ))}
          </select>
        </Field>
        <Field label={t("nset.volume")}>
          <input
            type="range"
            name="volume"
            min={0}
            max={100}
            step={5}
            value={s.volume}
            aria-valuetext={`${s.volume}%`}
            onInput={(e) => show({ ...latest.current!, volume: Number(e.currentTarget.value) })}
            onChange={(e) => change((s) => ({ ...s, volume: Number(e.currentTarget.value) }))}
          />
        </Field>
        <button type="button" class="ghost" onClick={() => play(s.sound, s.volume)}>
          {t("nset.play")}
        </button>
      </div>

      <h2>{t("nset.quietTitle")}</h2>
      <label class="check">
        <input
          type="checkbox"
          name="quiet"
          checked={!!s.quiet_hours}
          onChange={(e) => change((s) => ({ ...s, quiet_hours: e.currentTarget.checked ? { from: "22:00", to: "07:00" } : null }))}
        />
        {t("nset.quietOn")}
      </label>
      {s.quiet_hours && (
        <div class="notif-quiet">
          <Field label={t("nset.quietFrom")} error={err?.fields["quiet_hours.from"]}>
            <input type="time" name="quiet_from" value={s.quiet_hours.from} required onChange={(e) => change((s) => ({ ...s, quiet_hours: { ...s.quiet_hours!, from: e.currentTarget.value } }))} />
          </Field>
          <Field label={t("nset.quietTo")} error={err?.fields["quiet_hours.to"]}>
            <input type="time" name="quiet_to" value={s.quiet_hours.to} required onChange={(e) => change((s) => ({ ...s, quiet_hours: { ...s.quiet_hours!, to: e.currentTarget.value } }))} />
          </Field>
        </div>
      )}
      <p class="muted">{t("nset.quietHint", { zone: me.value?.time_zone || "UTC" })}</p>

      <h2>{t("nset.pushTitle")}</h2>
      <label class="check">
        <input type="checkbox" name="push_while_active" checked={s.push_while_active} onChange={(e) => change((s) => ({ ...s, push_while_active: e.currentTarget.checked }))} />
        {t("nset.pushWhileActive")}
      </label>
      <div class="notif-status">
        {saved && <span role="status">{t("nset.saved")}</span>}
        {err && !Object.keys(err.fields).length && (
          <span class="form-error" role="alert">
            {err.message}
          </span>
        )}
      </div>
      <PushSection />

      {isAdmin.value && <MailSender />}
    </div>
  );
}

const problemText: Record<PushProblem, Key> = {
  unsupported: "nset.push.unsupported",
  denied: "nset.push.denied",
  unreachable: "nset.push.unreachable",
};

/** Push on this browser, and the list of the agent's subscribed browsers. */
function PushSection() {
  const [subs, setSubs] = useState<PushSubscriptionInfo[]>([]);
  const [key, setKey] = useState("");
  const [here, setHere] = useState<string | null>(null); // this browser's endpoint
  const [busy, setBusy] = useState(false);
  const [msg, setMsg] = useState("");
  const load = async () => {
    const st = await pushState();
    setKey(st.public_key);
    setSubs(st.subscriptions ?? []);
    setHere((await currentSubscription().catch(() => null))?.endpoint ?? null);
  };
  useEffect(() => {
    load().catch((x) => setMsg(problem(x).message));
  }, []);
  const run = async (fn: () => Promise<unknown>) => {
    setBusy(true);
    setMsg("");
    try {
      await fn();
      await load();
    } catch (x) {
      setMsg(typeof x === "string" && x in problemText ? t(problemText[x as PushProblem]) : problem(x).message);
    } finally {
      setBusy(false);
    }
  };
  const cannot = pushProblem();
  const on = !!here && subs.some((s) => s.endpoint === here);
  return (
    <section class="notif-push" aria-labelledby="nset-push-browser">
      <h3 id="nset-push-browser">{t("nset.push.thisBrowser")}</h3>
      {cannot === "unsupported" ? (
        <p class="muted">{t(problemText.unsupported)}</p>
      ) : (
        <div class="notif-push-actions">
          <span>{on ? t("nset.push.on") : t("nset.push.off")}</span>
          {on ? (
            <button type="button" disabled={busy} onClick={() => void run(() => disablePush(subs))}>
              {t("nset.push.disable")}
            </button>
          ) : (
            <button type="button" class="primary" disabled={busy || !key} onClick={() => void run(() => enablePush(key))}>
              {t("nset.push.enable")}
            </button>
          )}
        </div>
      )}
      {cannot === "denied" && <p class="muted">{t(problemText.denied)}</p>}
      {msg && (
        <p class="form-error" role="alert">
          {msg}
        </p>
      )}
      <h3>{t("nset.push.browsers")}</h3>
      {subs.length === 0 ? (
        <p class="muted">{t("nset.push.none")}</p>
      ) : (
        <ul class="notif-browsers">
          {subs.map((b) => (
            <li>
              <span>
                <strong>{browserName(b.user_agent)}</strong>
                {b.endpoint === here && <span class="badge">{t("nset.push.thisOne")}</span>}
                <span class="muted">
                  {" "}
                  {t("nset.push.since", { date: longTime(b.created_at, me.value?.time_zone) })}
                  {b.last_push_at && " · " + t("nset.push.last", { date: longTime(b.last_push_at, me.value?.time_zone) })}
                </span>
              </span>
              <button
                type="button"
                class="ghost"
                disabled={busy}
                aria-label={t("nset.push.removeNamed", { name: browserName(b.user_agent) })}
                onClick={() =>
                  void run(async () => {
                    await del(`/notifications/push/${b.id}`);
                    if (b.endpoint === here) await (await currentSubscription())?.unsubscribe();
                  })
                }
              >
                {t("nset.push.remove")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

/** Admins: the SMTP account notification emails go through, with a test email. */
function MailSender() {
  const [m, setM] = useState<MailSettings | null>(null);
  const [err, setErr] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [note, setNote] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<MailSettings>("/notification-mail").then((r) => setM({ ...r, password: "" }), (x) => setErr(problem(x)));
  }, []);
  if (!m) return err ? <p class="form-error">{err.message}</p> : null;
  const set = (k: keyof MailSettings) => (e: any) => {
    const el = e.currentTarget as HTMLInputElement;
    setM({ ...m, [k]: el.type === "checkbox" ? el.checked : el.type === "number" ? Number(el.value) : el.value });
    setNote("");
  };
  const run = async (what: "save" | "test") => {
    setBusy(true);
    setErr(null);
    setNote("");
    try {
      if (what === "save") {
        const r = await put<MailSettings>("/notification-mail", m);
        setM({ ...r, password: "" });
        setNote(t("nset.mail.saved"));
      } else {
        await post("/notification-mail/test", m);
        setNote(t("nset.mail.sent", { email: me.value?.email ?? "" }));
      }
    } catch (x) {
      setErr(problem(x));
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="notif-mail" aria-labelledby="nset-mail-title">
      <h2 id="nset-mail-title">{t("nset.mail.title")}</h2>
      <p class="muted">{t("nset.mail.intro")}</p>
      <form
        class="form"
        onSubmit={(e) => {
          e.preventDefault();
          void run("save");
        }}
      >
        <label class="check">
          <input type="checkbox" name="mail_enabled" checked={m.enabled} onChange={set("enabled")} />
          {t("nset.mail.enabled")}
        </label>
        <Field label={t("nset.mail.host")} error={err?.fields.host}>
          <input name="mail_host" value={m.host} onInput={set("host")} placeholder="smtp.example.com" autocomplete="off" />
        </Field>
        <div class="notif-row">
          <Field label={t("nset.mail.security")} error={err?.fields.security}>
            <select name="mail_security" value={m.security} onChange={set("security")}>
              <option value="starttls">STARTTLS</option>
              <option value="tls">TLS</option>
              <option value="none">{t("nset.mail.securityNone")}</option>
            </select>
          </Field>
          <Field label={t("nset.mail.port")} error={err?.fields.port} hint={t("nset.mail.portHint")}>
            <input name="mail_port" type="number" min={0} max={65535} value={m.port || ""} onInput={set("port")} />
          </Field>
        </div>
        <Field label={t("nset.mail.username")} error={err?.fields.username}>
          <input name="mail_username" value={m.username} onInput={set("username")} autocomplete="off" />
        </Field>
        <Field label={t("nset.mail.password")} error={err?.fields.password} hint={m.has_password ? t("nset.mail.passwordKept") : undefined}>
          <input name="mail_password" type="password" value={m.password ?? ""} onInput={set("password")} autocomplete="new-password" />
        </Field>
        <Field label={t("nset.mail.fromAddress")} error={err?.fields.from_address}>
          <input name="mail_from_address" type="email" value={m.from_address} onInput={set("from_address")} placeholder="notifications@example.com" />
        </Field>
        <Field label={t("nset.mail.fromName")} error={err?.fields.from_name}>
          <input name="mail_from_name" value={m.from_name} onInput={set("from_name")} placeholder="Switchboard" />
        </Field>
        <Field label={t("nset.mail.delay")} error={err?.fields.delay_minutes} hint={t("nset.mail.delayHint")}>
          <input name="mail_delay" type="number" min={1} max={60} value={m.delay_minutes} onInput={set("delay_minutes")} />
        </Field>
        {err && !Object.keys(err.fields).length && (
          <p class="form-error" role="alert">
            {err.message}
          </p>
        )}
        <div class="form-actions">
          {note && <span role="status">{note}</span>}
          <button type="button" disabled={busy} onClick={() => void run("test")}>
            {t("nset.mail.test")}
          </button>
          <button type="submit" class="primary" disabled={busy}>
            {t("action.save")}
          </button>
        </div>
      </form>
    </section>
  );
}
