// The agent's own profile: name, avatar, time zone, language, presence, theme and password
// (notifications have a page of their own: Settings › Notifications).
import { useState } from "preact/hooks";
import { patch, put } from "../api";
import { languages, setLanguage, t } from "../i18n";
import { me } from "../state";
import { applyTheme, theme, type Theme } from "../theme";
import type { Agent, Presence } from "../types";
import { Field, problem } from "../ui";

const zones: string[] = (Intl as any).supportedValuesOf?.("timeZone") ?? ["UTC", "Europe/Rome", "Europe/Madrid", "Europe/Paris", "Europe/Lisbon", "America/New_York"];

export function Profile() {
  const a = me.value!;
  const [f, setF] = useState({ name: a.name, avatar_url: a.avatar_url, time_zone: a.time_zone, language: a.language, signature: a.signature ?? "" });
  const [err, setErr] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [saved, setSaved] = useState(false);
  const [pw, setPw] = useState({ current_password: "", password: "" });
  const [pwErr, setPwErr] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [pwDone, setPwDone] = useState(false);
  const setPwField = (k: keyof typeof pw) => (e: any) => {
    setPw({ ...pw, [k]: e.currentTarget.value });
    setPwDone(false);
  };
  const set = (k: keyof typeof f) => (e: any) => {
    setF({ ...f, [k]: e.currentTarget.value });
    setSaved(false);
  };
  const save = async (e: Event) => {
    e.preventDefault();
    setErr(null);
    try {
      const next = await patch<Agent>("/auth/me", f);
      me.value = next;
      await setLanguage(next.language);
      setSaved(true);
    } catch (x) {
      setErr(problem(x));
    }
  };
  const presence = async (p: Presence) => {
    me.value = await put<Agent>("/auth/me/presence", { presence: p });
  };
  return (
    <div class="settings-page">
      <h1>{t("settings.profile")}</h1>
      <form class="form" onSubmit={save}>
        <Field label={t("field.name")} error={err?.fields.name}>
          <input value={f.name} onInput={set("name")} required />
        </Field>
        <Field label={t("field.avatarUrl")} error={err?.fields.avatar_url}>
          <input type="url" value={f.avatar_url} onInput={set("avatar_url")} placeholder="https://…" />
        </Field>
        <Field label={t("field.signature")} error={err?.fields.signature} hint={t("field.signatureHint")}>
          <textarea name="signature" rows={3} value={f.signature} onInput={set("signature")} />
        </Field>
        <Field label={t("field.timeZone")} error={err?.fields.time_zone}>
          <select value={f.time_zone} onChange={set("time_zone")}>
            {!zones.includes(f.time_zone) && <option value={f.time_zone}>{f.time_zone || "UTC"}</option>}
            {zones.map((z) => (
              <option value={z}>{z}</option>
            ))}
          </select>
        </Field>
        <Field label={t("field.language")} error={err?.fields.language}>
          <select value={f.language} onChange={set("language")}>
            <option value="">{t("profile.browserLanguage")}</option>
            {Object.entries(languages).map(([code, name]) => (
              <option value={code}>{name}</option>
            ))}
          </select>
        </Field>
        {err && !Object.keys(err.fields).length && <p class="form-error">{err.message}</p>}
        <div class="form-actions">
          {saved && <span role="status">{t("profile.saved")}</span>}
          <button class="primary" type="submit">
            {t("action.save")}
          </button>
        </div>
      </form>

      <h2>{t("profile.presence")}</h2>
      <div class="segmented" role="radiogroup" aria-label={t("profile.presence")}>
        {(["online", "away", "offline"] as const).map((p) => {
          const on = p === "online" ? !a.presence_choice || a.presence_choice === "online" : a.presence_choice === p;
          return (
            <button role="radio" aria-checked={on} class={on ? "on" : ""} onClick={() => void presence(p)}>
              <span class={"presence-dot inline " + p} /> {t(("presence." + p) as any)}
            </button>
          );
        })}
      </div>
      <p class="muted">{t("profile.presenceHint")}</p>

      <h2>{t("settings.notifications")}</h2>
      <p class="notif-moved">
        <a href="/settings/notifications">{t("profile.notificationsMoved")}</a>
      </p>

      <h2>{t("profile.theme")}</h2>
      <div class="segmented" role="radiogroup" aria-label={t("profile.theme")}>
        {(["system", "light", "dark"] as Theme[]).map((v) => (
          <button role="radio" aria-checked={theme.value === v} class={theme.value === v ? "on" : ""} onClick={() => applyTheme(v)}>
            {t(("theme." + v) as any)}
          </button>
        ))}
      </div>

      <h2>{t("profile.password")}</h2>
      <form
        class="form"
        onSubmit={async (e) => {
          e.preventDefault();
          setPwErr(null);
          try {
            // The server ends this agent's other sessions and API tokens; this one stays.
            await put("/auth/me/password", pw);
            setPw({ current_password: "", password: "" });
            setPwDone(true);
          } catch (x) {
            setPwErr(problem(x));
          }
        }}
      >
        <Field label={t("profile.currentPassword")} error={pwErr?.fields.current_password}>
          <input name="current_password" type="password" autocomplete="current-password" required value={pw.current_password} onInput={setPwField("current_password")} />
        </Field>
        <Field label={t("profile.newPassword")} error={pwErr?.fields.password} hint={t("setup.passwordHint")}>
          <input name="new_password" type="password" autocomplete="new-password" minLength={10} required value={pw.password} onInput={setPwField("password")} />
        </Field>
        {pwErr && !Object.keys(pwErr.fields).length && <p class="form-error">{pwErr.message}</p>}
        <div class="form-actions">
          {pwDone && <span role="status">{t("profile.passwordChanged")}</span>}
          <button class="primary" type="submit">
            {t("profile.changePassword")}
          </button>
        </div>
      </form>
    </div>
  );
}
