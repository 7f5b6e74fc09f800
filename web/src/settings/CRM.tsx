// Settings › Customer records: the contact panel's link to the company's CRM (a URL template
// and its label) and the optional signed lookup (its URL and write-only secret), with a test on
// a chosen contact and the outcome of the newest lookup.
import { useEffect, useState } from "preact/hooks";
import { get, post, put, query } from "../api";
import { longTime, t } from "../i18n";
import { CRMFields, type CRMLookupResult } from "../inbox/CRM";
import { me } from "../state";
import type { Contact, Page as ContactPage } from "../types";
import { Field, problem } from "../ui";
import { FormError, Page, useForm } from "./crud";

interface CRMSettings {
  link_template: string;
  link_label: string;
  lookup_url: string;
  secret_set: boolean;
  last_error: string;
  last_error_at: string | null;
  last_success_at: string | null;
}

interface Form {
  link_template: string;
  link_label: string;
  lookup_url: string;
  secret: string;
}

export function CRM() {
  const [saved, setSaved] = useState<CRMSettings | null>(null);
  const [msg, setMsg] = useState("");
  const { f, setF, set, err, setErr, busy, submit } = useForm<Form>({ link_template: "", link_label: "", lookup_url: "", secret: "" });
  const show = (s: CRMSettings) => {
    setSaved(s);
    setF({ link_template: s.link_template, link_label: s.link_label, lookup_url: s.lookup_url, secret: "" });
  };
  const load = () =>
    get<CRMSettings>("/settings/crm")
      .then(show)
      .catch((x) => setErr(problem(x)));
  useEffect(() => void load(), []);
  const save = submit(async () => {
    setMsg("");
    const body: Partial<Form> = { link_template: f.link_template, link_label: f.link_label, lookup_url: f.lookup_url };
    // A new secret replaces the kept one; turning the lookup off forgets it.
    if (f.secret) body.secret = f.secret;
    else if (!f.lookup_url.trim()) body.secret = "";
    show(await put<CRMSettings>("/settings/crm", body));
    setMsg(t("crm.saved"));
  });
  const fe = (k: string) => err?.fields[k];
  const tz = me.value?.time_zone;
  return (
    <Page title={t("settings.crm")} intro={t("crm.intro")}>
      {saved && (
        <form class="crm-settings" onSubmit={save}>
          <h2>{t("crm.linkTitle")}</h2>
          <Field label={t("crm.template")} hint={t("crm.templateHint")} error={fe("link_template")}>
            <input
              value={f.link_template}
              onInput={set("link_template")}
              placeholder="https://crm.example.com/customers/{email}"
              maxLength={2000}
              spellcheck={false}
              data-testid="crm-template"
            />
          </Field>
          <Field label={t("crm.label")} hint={t("crm.labelHint")} error={fe("link_label")}>
            <input value={f.link_label} onInput={set("link_label")} placeholder={t("crm.open")} maxLength={60} data-testid="crm-label" />
          </Field>
          <h2>{t("crm.lookupTitle")}</h2>
          <p class="muted">{t("crm.lookupIntro")}</p>
          <Field label={t("crm.lookupURL")} hint={t("crm.lookupURLHint")} error={fe("lookup_url")}>
            <input
              type="url"
              value={f.lookup_url}
              onInput={set("lookup_url")}
              placeholder="https://crm.example.com/switchboard/lookup"
              maxLength={2000}
              spellcheck={false}
              data-testid="crm-lookup-url"
            />
          </Field>
          <Field label={t("crm.secret")} hint={saved.secret_set ? t("crm.secretSet") : t("crm.secretNotSet")} error={fe("secret")}>
            <input
              type="password"
              value={f.secret}
              onInput={set("secret")}
              autocomplete="new-password"
              placeholder={saved.secret_set ? "••••••••" : ""}
              maxLength={200}
              data-testid="crm-secret"
            />
          </Field>
          {(saved.last_error || saved.last_success_at) && (
            <div class="crm-outcome" role="status">
              {saved.last_success_at && <p class="muted">{t("crm.lastSuccess", { time: longTime(saved.last_success_at, tz) })}</p>}
              {saved.last_error && (
                <p class="crm-last-error">
                  {t("crm.lastError", { time: longTime(saved.last_error_at, tz) })} {saved.last_error}
                </p>
              )}
            </div>
          )}
          <FormError err={err} shown={["link_template", "link_label", "lookup_url", "secret"]} />
          {msg && (
            <p class="settings-status" role="status">
              {msg}
            </p>
          )}
          <div class="form-actions">
            <button type="submit" class="primary" disabled={busy} data-testid="crm-save">
              {t("action.save")}
            </button>
          </div>
        </form>
      )}
      {saved?.lookup_url && saved.secret_set && <LookupTest onDone={load} />}
      {!saved && err && <FormError err={err} shown={[]} />}
    </Page>
  );
}

/** Runs the saved lookup on a contact the admin picks, and shows its answer or why it failed. */
function LookupTest(props: { onDone: () => void }) {
  const [q, setQ] = useState("");
  const [found, setFound] = useState<Contact[]>([]);
  const [chosen, setChosen] = useState(0);
  const [result, setResult] = useState<CRMLookupResult | null>(null);
  const [failed, setFailed] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    const ctl = new AbortController();
    const timer = setTimeout(() => {
      get<ContactPage<Contact>>("/contacts" + query({ q: q.trim() || undefined, limit: 10 }), ctl.signal)
        .then((p) => {
          setFound(p.items);
          setChosen((c) => (p.items.some((x) => x.id === c) ? c : (p.items[0]?.id ?? 0)));
        })
        .catch(() => undefined);
    }, 200);
    return () => {
      clearTimeout(timer);
      ctl.abort();
    };
  }, [q]);
  const run = async () => {
    setBusy(true);
    setFailed("");
    setResult(null);
    try {
      setResult(await post<CRMLookupResult>("/settings/crm/test", { contact_id: chosen }));
      props.onDone();
    } catch (x) {
      setFailed(problem(x).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="crm-test" aria-label={t("crm.testTitle")}>
      <h2>{t("crm.testTitle")}</h2>
      <div class="crm-test-row">
        <Field label={t("crm.testSearch")}>
          <input type="search" value={q} onInput={(e) => setQ(e.currentTarget.value)} data-testid="crm-test-search" />
        </Field>
        <Field label={t("crm.testContact")}>
          <select value={chosen} onChange={(e) => setChosen(Number(e.currentTarget.value))} data-testid="crm-test-contact">
            {found.map((c) => (
              <option value={c.id}>{[c.name || t("contact.unknown"), c.email || c.phone].filter(Boolean).join(" · ")}</option>
            ))}
          </select>
        </Field>
        <button class="ghost" onClick={run} disabled={busy || !chosen} data-testid="crm-test">
          {t("crm.test")}
        </button>
      </div>
      {failed && (
        <p class="form-error" role="alert">
          {failed}
        </p>
      )}
      {result && (
        <div class="crm-test-result" role="status" data-testid="crm-test-result">
          {result.error ? (
            <p class="crm-last-error">{result.error}</p>
          ) : result.fields.length ? (
            <CRMFields result={result} />
          ) : (
            <p class="muted">{t("crm.nothing")}</p>
          )}
        </div>
      )}
    </section>
  );
}
