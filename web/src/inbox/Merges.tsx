// The contact panel's merges: possible duplicates with their reason and confidence, the merge
// preview (which values win, what moves) with its confirmation, and the history with "Undo".
import { useEffect, useState } from "preact/hooks";
import { get, post } from "../api";
import { shortTime, t } from "../i18n";
import { me } from "../state";
import type { Contact, ContactMerge, MergePreview, MergeSuggestion } from "../types";
import { ChannelIcon, Modal, problem } from "../ui";
import { contactName } from "../contacts/names";

/** Records that two contacts are not the same person: the pair is not suggested again. */
export function dismissPair(contactId: number, otherId: number) {
  return post(`/contacts/${contactId}/suggestions/dismiss`, { other_id: otherId });
}

export function Merges(props: { contact: Contact; onChange: () => void }) {
  const id = props.contact.id;
  const [suggestions, setSuggestions] = useState<MergeSuggestion[]>([]);
  const [history, setHistory] = useState<ContactMerge[]>([]);
  const [merging, setMerging] = useState<Contact | null>(null);
  const [error, setError] = useState("");
  const load = () => {
    get<MergeSuggestion[]>(`/contacts/${id}/suggestions`).then(setSuggestions).catch(() => setSuggestions([]));
    get<ContactMerge[]>(`/contacts/${id}/merges`).then(setHistory).catch(() => setHistory([]));
  };
  useEffect(load, [id, props.contact.updated_at]);
  const undo = async (m: ContactMerge) => {
    setError("");
    try {
      await post(`/contact-merges/${m.id}/undo`);
      load();
      props.onChange();
    } catch (err) {
      setError(problem(err).message);
    }
  };
  const mayUndo = (m: ContactMerge) => !m.undone_at && m.survivor_id === id && (me.value?.role === "admin" || m.actor_id === me.value?.id);
  return (
    <>
      {suggestions.length > 0 && (
        <section class="merge-suggestions" aria-label={t("merge.duplicates")}>
          <h4>{t("merge.duplicates")}</h4>
          <ul>
            {suggestions.map((s) => (
              <li data-testid="duplicate">
                <span class="merge-who">{contactName(s.other)}</span>
                <span class="muted">
                  {t(("merge.reason." + s.reason) as any)} · {t("merge.confidence", { percent: Math.round(s.confidence * 100) })}
                </span>
                <button class="ghost" onClick={() => setMerging(s.other)}>
                  {t("merge.open")}
                </button>
                <button class="ghost" onClick={() => void dismissPair(id, s.other.id).then(load, (err) => setError(problem(err).message))}>
                  {t("review.dismiss")}
                </button>
              </li>
            ))}
          </ul>
          {error && history.length === 0 && <p class="error" role="alert">{error}</p>}
        </section>
      )}
      {history.length > 0 && (
        <section class="merge-history" aria-label={t("merge.history")}>
          <h4>{t("merge.history")}</h4>
          <ul>
            {history.map((m) => (
              <li>
                <span>
                  {t("merge.merged", { other: m.other_name || t("contact.unknown"), actor: m.actor_name, date: shortTime(m.merged_at, me.value?.time_zone) })}
                  {m.undone_at && <span class="muted"> · {t("merge.undone")}</span>}
                </span>
                {mayUndo(m) && (
                  <button class="ghost" onClick={() => undo(m)}>
                    {t("merge.undo")}
                  </button>
                )}
              </li>
            ))}
          </ul>
          {error && <p class="error" role="alert">{error}</p>}
        </section>
      )}
      {merging && (
        <MergeDialog
          contact={props.contact}
          other={merging}
          onClose={(done) => {
            setMerging(null);
            if (done) {
              load();
              props.onChange();
            }
          }}
        />
      )}
    </>
  );
}

/** The preview of merging other into contact, and its confirmation (the panel's and the review queue's). */
export function MergeDialog(props: { contact: Contact; other: Contact; onClose: (merged: boolean) => void }) {
  const [preview, setPreview] = useState<MergePreview | null>(null);
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    get<MergePreview>(`/contacts/${props.contact.id}/merge-preview?with=${props.other.id}`)
      .then(setPreview)
      .catch((err) => setError(problem(err).message));
  }, []);
  const name = contactName(props.contact);
  const other = contactName(props.other);
  const confirm = async () => {
    setBusy(true);
    setError("");
    try {
      await post(`/contacts/${props.contact.id}/merge`, { other_id: props.other.id });
      props.onClose(true);
    } catch (err) {
      setError(problem(err).message);
      setBusy(false);
    }
  };
  const r = preview?.result;
  const from = new Set(preview?.from_other ?? []);
  const row = (field: string, label: string, value: string) =>
    value && (
      <>
        <dt>{label}</dt>
        <dd>
          {value} {from.has(field) && <span class="merge-from">{t("merge.fromOther", { other })}</span>}
        </dd>
      </>
    );
  return (
    <Modal title={t("merge.title", { name, other })} onClose={() => props.onClose(false)}>
      <div class="merge-preview">
        <p class="muted">{t("merge.intro", { name, other })}</p>
        {r && (
          <>
            <dl class="contact-details">
              {row("name", t("field.name"), r.name)}
              {row("email", t("field.email"), r.email)}
              {row("phone", t("field.phone"), r.phone)}
              {row("language", t("field.language"), r.language)}
              {row("labels", t("contact.labels"), (r.labels ?? []).join(", "))}
            </dl>
            {preview!.identities.length > 0 && (
              <>
                <h4>{t("merge.identitiesMove")}</h4>
                <ul class="identities">
                  {preview!.identities.map((i) => (
                    <li>
                      <ChannelIcon kind={i.kind} /> <span>{i.external_id}</span>
                    </li>
                  ))}
                </ul>
              </>
            )}
            <p>{t("merge.conversationsMove", { count: preview!.conversations.length })}</p>
          </>
        )}
        {error && <p class="error" role="alert">{error}</p>}
        <div class="form-actions">
          <button class="ghost" onClick={() => props.onClose(false)}>
            {t("action.cancel")}
          </button>
          <button class="primary" disabled={!preview || busy} onClick={confirm}>
            {t("merge.confirm")}
          </button>
        </div>
      </div>
    </Modal>
  );
}
