// The contact panel's link to the company's CRM: "Open in CRM" (the server fills the admin's
// template, and sends no link when a value is missing), and what the CRM's lookup answers about
// the contact, "From your CRM", with when it was fetched. The server keeps answers for a few
// minutes and rate-limits lookups, so reopening the panel does not call the CRM again.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { longTime, shortTime, t } from "../i18n";
import { me } from "../state";
import type { Contact } from "../types";
import { problem } from "../ui";

/** GET /contacts/{id}/external. */
export interface CRMPanelInfo {
  link: { label: string; url: string } | null;
  lookup: boolean;
}

/** A lookup's outcome (GET /contacts/{id}/external/lookup, POST /settings/crm/test). */
export interface CRMLookupResult {
  fields: { label: string; value: string; url?: string }[];
  url?: string;
  error?: string;
  fetched_at: string;
  cached: boolean;
}

/** Whether a URL the CRM answered may be a link: http or https only. */
export function safeURL(u: string | undefined): string | undefined {
  return u && /^https?:\/\//i.test(u) ? u : undefined;
}

/** The fields a lookup answered, as a definition list. */
export function CRMFields(props: { result: CRMLookupResult }) {
  const r = props.result;
  return (
    <dl class="contact-details crm-fields">
      {r.fields.map((f) => {
        const href = safeURL(f.url);
        return (
          <>
            <dt>{f.label}</dt>
            <dd>
              {href ? (
                <a href={href} target="_blank" rel="noopener noreferrer">
                  {f.value}
                </a>
              ) : (
                f.value
              )}
            </dd>
          </>
        );
      })}
    </dl>
  );
}

export function CRMSection(props: { contact: Contact }) {
  const id = props.contact.id;
  const [info, setInfo] = useState<CRMPanelInfo | null>(null);
  const [result, setResult] = useState<CRMLookupResult | null>(null);
  const [failed, setFailed] = useState("");
  const [busy, setBusy] = useState(false);
  const lookup = (refresh: boolean) => {
    setBusy(true);
    setFailed("");
    get<CRMLookupResult>(`/contacts/${id}/external/lookup${refresh ? "?refresh=true" : ""}`)
      .then(setResult)
      .catch((x) => setFailed(problem(x).message))
      .finally(() => setBusy(false));
  };
  // Edits to the contact may change the link (its email, an attribute): ask again then.
  useEffect(() => {
    let live = true;
    setResult(null);
    setFailed("");
    get<CRMPanelInfo>(`/contacts/${id}/external`)
      .then((p) => {
        if (!live) return;
        setInfo(p);
        if (p.lookup) lookup(false);
      })
      .catch(() => live && setInfo(null));
    return () => {
      live = false;
    };
  }, [id, props.contact.updated_at]);
  if (!info || (!info.link && !info.lookup)) return null;
  const tz = me.value?.time_zone;
  const error = failed || result?.error;
  const record = safeURL(result?.url);
  return (
    <section class="crm" aria-label={t("crm.section")} data-testid="crm">
      {info.link && (
        <a class="crm-link" href={info.link.url} target="_blank" rel="noopener noreferrer" data-testid="crm-link">
          {info.link.label || t("crm.open")} <span aria-hidden="true">↗</span>
        </a>
      )}
      {info.lookup && (
        <>
          <h4>{t("crm.section")}</h4>
          {busy && !result && !failed && <p class="muted" aria-busy="true">{t("crm.loading")}</p>}
          {error && (
            <div class="crm-error" role="status">
              <p>{t("crm.failed")}</p>
              <p class="muted crm-error-detail">{error}</p>
              <button class="ghost" onClick={() => lookup(true)} disabled={busy} data-testid="crm-retry">
                {t("crm.retry")}
              </button>
            </div>
          )}
          {result && !result.error && (
            <>
              {result.fields.length ? <CRMFields result={result} /> : <p class="muted">{t("crm.nothing")}</p>}
              {record && (
                <a href={record} target="_blank" rel="noopener noreferrer" class="crm-record">
                  {t("crm.record")}
                </a>
              )}
              <p class="muted crm-fetched" title={longTime(result.fetched_at, tz)}>
                {t("crm.fetched", { time: shortTime(result.fetched_at, tz) })}
              </p>
            </>
          )}
        </>
      )}
    </section>
  );
}
