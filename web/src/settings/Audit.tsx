// Settings › Audit log (admins): irreversible actions, newest first — today contacts' erasures,
// each by contact id and counts, never the personal data erased.
import { useEffect, useState } from "preact/hooks";
import { get, query } from "../api";
import { longTime, t } from "../i18n";
import { me } from "../state";
import type { AuditEntry, Page as APIPage } from "../types";
import { problem } from "../ui";
import { Page, Table } from "./crud";

export function Audit() {
  const [items, setItems] = useState<AuditEntry[] | null>(null);
  const [next, setNext] = useState("");
  const [err, setErr] = useState("");
  const load = (cursor: string) =>
    get<APIPage<AuditEntry>>("/audit" + query({ cursor: cursor || undefined }))
      .then((p) => {
        setItems((prev) => (cursor ? [...(prev ?? []), ...p.items] : p.items));
        setNext(p.next_cursor);
      })
      .catch((x) => setErr(problem(x).message));
  useEffect(() => void load(""), []);
  const tz = me.value?.time_zone;
  return (
    <Page title={t("settings.audit")}>
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      {items && (
        <Table caption={t("settings.audit")} heads={[t("settings.tokens.createdAt"), t("settings.audit")]} empty={t("audit.empty")} count={items.length}>
          {items.map((e) => (
            <tr data-testid="audit-row">
              <td>{longTime(e.created_at, tz)}</td>
              <td>
                {e.action === "contact.erased"
                  ? t("audit.erased", {
                      actor: e.actor_name,
                      id: e.subject_id,
                      conversations: e.details.conversations ?? 0,
                      messages: e.details.messages ?? 0,
                      files: e.details.files ?? 0,
                    })
                  : `${e.action} ${e.subject} #${e.subject_id}`}
              </td>
            </tr>
          ))}
        </Table>
      )}
      {next && (
        <button class="ghost" onClick={() => void load(next)}>
          {t("audit.more")}
        </button>
      )}
    </Page>
  );
}
