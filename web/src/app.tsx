// The application: the first-run and sign-in screens, and the signed-in shell with its screens.
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { get, post, setUnauthorizedHandler } from "./api";
import { t } from "./i18n";
import { Inbox } from "./inbox/Inbox";
import { link, navigate, path } from "./router";
import { lazyChunk } from "./inbox/chunk";
import { Settings } from "./settings/Settings";
import { me, signedIn } from "./state";
import { lastEventId, startStream, stopStream, streamState } from "./stream";
import type { Agent } from "./types";
import { Avatar, Field, problem } from "./ui";
import "./notify";
import { Shortcuts } from "./shortcuts";
import { Icon } from "./icons";
import { DemoBanner, isDemo, landing } from "./demo";
import { Bell } from "./notifications/Bell";

type Boot = "loading" | "setup" | "login" | "ready" | "offline";
const boot = signal<Boot>("loading");

async function start() {
  try {
    const s = await get<{ needs_setup: boolean }>("/setup");
    if (s.needs_setup) {
      boot.value = "setup";
      return;
    }
    const a = await get<Agent>("/auth/me").catch(() => null);
    if (a) await enter(a);
    else boot.value = "login";
  } catch {
    boot.value = "offline";
  }
}

async function enter(a: Agent) {
  await signedIn(a);
  // Events from now on; screens load their data fresh, so nothing older is needed.
  const { id } = await get<{ id: number }>("/events/last").catch(() => ({ id: -1 }));
  startStream(id >= 0 ? id : lastEventId());
  boot.value = "ready";
  if (path.value === "/" || path.value === "/login" || path.value === "/setup") navigate(landing(), true);
}

setUnauthorizedHandler(() => {
  stopStream();
  me.value = null;
  boot.value = "login";
});
window.addEventListener("switchboard:account", () => {
  // Our own account changed: take its new name, role and language.
  get<Agent>("/auth/me")
    .then((a) => signedIn(a))
    .catch(() => {});
});
window.addEventListener("switchboard:signin", () => {
  stopStream();
  boot.value = "login";
});

export function App() {
  useEffect(() => void start(), []);
  switch (boot.value) {
    case "loading":
      return <div class="splash" aria-busy="true" />;
    case "offline":
      return (
        <div class="auth">
          <div class="auth-card">
            <h1>Switchboard</h1>
            <p>{t("boot.offline")}</p>
            <button class="primary" onClick={() => void start()}>
              {t("action.retry")}
            </button>
          </div>
        </div>
      );
    case "setup":
      return <Setup />;
    case "login":
      return <Login />;
    case "ready":
      return <Shell />;
  }
}

function Setup() {
  const [form, setForm] = useState({ name: "", email: "", password: "" });
  const [err, setErr] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    try {
      const time_zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
      const a = await post<Agent>("/setup", { ...form, time_zone });
      await enter(a);
    } catch (x) {
      setErr(problem(x));
    } finally {
      setBusy(false);
    }
  };
  const set = (k: keyof typeof form) => (e: any) => setForm({ ...form, [k]: e.currentTarget.value });
  return (
    <div class="auth">
      <form class="auth-card" onSubmit={submit} aria-labelledby="setup-title">
        <h1 id="setup-title">{t("setup.title")}</h1>
        <p class="muted">{t("setup.intro")}</p>
        <Field label={t("field.name")} error={err?.fields.name}>
          <input name="name" autocomplete="name" required value={form.name} onInput={set("name")} />
        </Field>
        <Field label={t("field.email")} error={err?.fields.email}>
          <input name="email" type="email" autocomplete="email" required value={form.email} onInput={set("email")} />
        </Field>
        <Field label={t("field.password")} error={err?.fields.password} hint={t("setup.passwordHint")}>
          <input name="password" type="password" autocomplete="new-password" required minLength={10} value={form.password} onInput={set("password")} />
        </Field>
        {err && !Object.keys(err.fields).length && <p class="form-error" role="alert">{err.message}</p>}
        <button class="primary" type="submit" disabled={busy}>
          {t("setup.submit")}
        </button>
      </form>
    </div>
  );
}

function Login() {
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [err, setErr] = useState("");
  const [busy, setBusy] = useState(false);
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    setErr("");
    try {
      const a = await post<Agent>("/auth/login", { email, password });
      await enter(a);
    } catch (x) {
      setErr(problem(x).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="auth">
      <form class="auth-card" onSubmit={submit} aria-labelledby="login-title">
        <h1 id="login-title">{t("login.title")}</h1>
        <Field label={t("field.email")}>
          <input name="email" type="email" autocomplete="username" required value={email} onInput={(e) => setEmail(e.currentTarget.value)} />
        </Field>
        <Field label={t("field.password")}>
          <input
            name="password"
            type="password"
            autocomplete="current-password"
            required
            value={password}
            onInput={(e) => setPassword(e.currentTarget.value)}
          />
        </Field>
        {err && (
          <p class="form-error" role="alert">
            {err}
          </p>
        )}
        <button class="primary" type="submit" disabled={busy}>
          {t("login.submit")}
        </button>
      </form>
    </div>
  );
}

async function logout() {
  await post("/auth/logout").catch(() => {});
  stopStream();
  me.value = null;
  boot.value = "login";
  navigate("/login", true);
}

const useBook = lazyChunk(() => import("./contacts/AddressBook"));

const useReview = lazyChunk(() => import("./contacts/ReviewQueue"));

const useReports = lazyChunk(() => import("./reports/Reports"));

/** Reports: a lazy chunk fetched when first opened. */
function Reports() {
  const m = useReports(true);
  return m ? <m.Reports /> : null;
}

/** The address book, and its review queue of possible duplicates: lazy chunks fetched when first opened. */
function Contacts() {
  const review = path.value === "/contacts/duplicates";
  const m = useBook(!review);
  const q = useReview(review);
  return review ? q && <q.ReviewQueue /> : m ? <m.AddressBook /> : null;
}

function Shell() {
  const a = me.value!;
  const p = path.value;
  const section = p.startsWith("/settings") ? "settings" : p.startsWith("/contacts") ? "contacts" : p.startsWith("/reports") ? "reports" : "inbox";
  return (
    <div class="shell" onClick={link}>
      <nav class="rail" aria-label={t("nav.main")}>
        <a href="/inbox" class={section === "inbox" ? "active" : ""} aria-current={section === "inbox" ? "page" : undefined} title={t("nav.inbox")}>
          <Icon name="inbox" size={22} />
          <span class="rail-label">{t("nav.inbox")}</span>
        </a>
        <a href="/contacts" class={section === "contacts" ? "active" : ""} aria-current={section === "contacts" ? "page" : undefined} title={t("book.nav")}>
          <Icon name="person" size={22} />
          <span class="rail-label">{t("book.nav")}</span>
        </a>
        <a href="/reports/overview" class={section === "reports" ? "active" : ""} aria-current={section === "reports" ? "page" : undefined} title={t("nav.reports")}>
          <Icon name="chart" size={22} />
          <span class="rail-label">{t("nav.reports")}</span>
        </a>
        <a
          href="/settings/profile"
          class={section === "settings" ? "active" : ""}
          aria-current={section === "settings" ? "page" : undefined}
          title={t("nav.settings")}
        >
          <Icon name="settings" size={22} />
          <span class="rail-label">{t("nav.settings")}</span>
        </a>
        <div class="rail-spacer" />
        <Bell />
        <a href="/settings/profile" class="rail-me" title={`${a.name} — ${t(("presence." + a.presence) as any)}`}>
          <Avatar name={a.name} url={a.avatar_url} size={30} />
          <span class={"presence-dot " + a.presence} aria-label={t(("presence." + a.presence) as any)} />
        </a>
        <button class="rail-button" onClick={() => void logout()} title={t("action.signOut")} aria-label={t("action.signOut")}>
          <Icon name="logout" size={20} />
        </button>
      </nav>
      {streamState.value === "reconnecting" && (
        <div class="banner" role="status">
          {t("stream.reconnecting")}
        </div>
      )}
      <main class="main">
        {isDemo.value && <DemoBanner />}
        {section === "settings" ? <Settings /> : section === "contacts" ? <Contacts /> : section === "reports" ? <Reports /> : <Inbox />}
      </main>
      <Shortcuts />
    </div>
  );
}
