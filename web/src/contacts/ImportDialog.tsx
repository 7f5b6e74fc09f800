// The import dialog of the address book: upload a CSV, say what each column is (guessed from
// its header), see its first rows, start it, and follow its progress until the report.
import { useEffect, useState } from "preact/hooks";
import { ApiError, get, post } from "../api";
import { t } from "../i18n";
import type { ContactImport } from "../types";
import { Field, Modal, problem } from "../ui";
import { AttributeTargets } from "./attributes";

const targets = ["name", "email", "phone", "language", "labels"];

/** The target a header most likely means, "" to skip it. */
function guess(col: string): string {
  const c = col.toLowerCase();
  if (/mail/.test(c)) return "email";
  if (/phone|mobile|tel|cell/.test(c)) return "phone";
  if (/lang/.test(c)) return "language";
  if (/label|tag/.test(c)) return "labels";
  if (/name/.test(c)) return "name";
  return "";
}

async function upload(file: File): Promise<ContactImport> {
  const form = new FormData();
  form.append("file", file, file.name);
  const res = await fetch("/api/v1/contact-imports", { method: "POST", body: form, credentials: "same-origin", headers: { Accept: "application/json" } });
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new ApiError(res.status, data?.error?.code ?? "internal", data?.error?.fields?.file ?? data?.error?.message ?? res.statusText);
  return data as ContactImport;
}

export function ImportDialog(props: { onClose: () => void; onDone: () => void }) {
  const [imp, setImp] = useState<ContactImport | null>(null);
  const [map, setMap] = useState<Record<string, string>>({});
  const [country, setCountry] = useState("");
  const [err, setErr] = useState("");
  const [busy, setBusy] = useState(false);

  const pick = async (e: Event) => {
    const file = (e.target as HTMLInputElement).files?.[0];
    if (!file) return;
    setBusy(true);
    setErr("");
    try {
      const i = await upload(file);
      setImp(i);
      setMap(Object.fromEntries(i.columns.map((c) => [c, guess(c)])));
    } catch (e2) {
      setErr(problem(e2).message);
    } finally {
      setBusy(false);
    }
  };
  const start = async () => {
    setBusy(true);
    setErr("");
    try {
      setImp(await post<ContactImport>(`/contact-imports/${imp!.id}/start`, { columns: map, default_country: country }));
    } catch (e2) {
      setErr(problem(e2).message);
    } finally {
      setBusy(false);
    }
  };
  const running = imp && (imp.status === "queued" || imp.status === "running");
  useEffect(() => {
    if (!running) return;
    const id = setInterval(() => {
      get<ContactImport>(`/contact-imports/${imp!.id}`)
        .then((i) => {
          setImp(i);
          if (i.status === "done") props.onDone();
        })
        .catch(() => {});
    }, 1000);
    return () => clearInterval(id);
  }, [running, imp?.id]);

  return (
    <Modal title={t("book.import.title")} onClose={props.onClose} wide>
      <div class="book-import" data-testid="book-import">
        {err && (
          <p class="form-error" role="alert">
            {err}
          </p>
        )}
        {!imp && (
          <Field label={t("book.import.file")}>
            <input type="file" accept=".csv,text/csv" onChange={pick} disabled={busy} name="file" />
          </Field>
        )}
        {imp?.status === "preview" && (
          <>
            <p class="muted">
              {imp.filename} · {t("book.import.rows", { n: imp.total_rows })}
            </p>
            <h3>{t("book.import.mapping")}</h3>
            <div class="book-map">
              {imp.columns.map((c) => (
                <label>
                  <span>{c}</span>
                  <select value={map[c] ?? ""} onChange={(e) => setMap({ ...map, [c]: (e.target as HTMLSelectElement).value })} data-column={c}>
                    <option value="">{t("book.import.skip")}</option>
                    {targets.map((x) => (
                      <option value={x}>{x}</option>
                    ))}
                    <AttributeTargets />
                    <option value={"attribute." + c.toLowerCase().replace(/[^a-z0-9]+/g, "_")}>{t("book.import.attribute")}</option>
                  </select>
                </label>
              ))}
            </div>
            <Field label={t("book.import.country")} hint={t("book.import.countryHint")}>
              <input name="default_country" value={country} onInput={(e) => setCountry((e.target as HTMLInputElement).value)} placeholder="+39" />
            </Field>
            <h3>{t("book.import.preview")}</h3>
            <div class="book-preview">
              <table>
                <thead>
                  <tr>
                    {imp.columns.map((c) => (
                      <th>{c}</th>
                    ))}
                  </tr>
                </thead>
                <tbody>
                  {imp.preview.map((r) => (
                    <tr>
                      {r.map((v) => (
                        <td>{v}</td>
                      ))}
                    </tr>
                  ))}
                </tbody>
              </table>
            </div>
            <div class="form-actions">
              <button class="primary" onClick={start} disabled={busy}>
                {t("book.import.start")}
              </button>
            </div>
          </>
        )}
        {imp && imp.status !== "preview" && (
          <>
            <progress max={imp.total_rows || 1} value={imp.rows_done} data-testid="book-progress" />
            <p>{t("book.import.progress", { done: imp.rows_done, total: imp.total_rows })}</p>
            {imp.status === "failed" && <p class="form-error">{t("book.import.failed", { error: imp.error })}</p>}
            {imp.status === "done" && (
              <>
                <p data-testid="book-report">
                  {t("book.import.report", { created: imp.created, updated: imp.updated, unchanged: imp.unchanged, refused: imp.refused })}
                </p>
                {imp.refused > 0 && (
                  <a href={`/api/v1/contact-imports/${imp.id}/errors.csv`} download>
                    {t("book.import.errors")}
                  </a>
                )}
                <div class="form-actions">
                  <button class="primary" onClick={props.onClose}>
                    {t("book.import.done")}
                  </button>
                </div>
              </>
            )}
          </>
        )}
      </div>
    </Modal>
  );
}
