// A contact's private notes (contact panel, address book): the team's memory of a customer.
// Anyone who sees the contact reads and adds notes; the author or an admin edits and deletes
// one. Notes follow the stream, so another agent's note appears while the panel is open.
import { useEffect, useState } from "preact/hooks";
import { del, get, patch, post, query } from "../api";
import { longTime, shortTime, t } from "../i18n";
import { me } from "../state";
import { onEvent } from "../stream";
import { problem } from "../ui";

/** A private note on a contact (GET /api/v1/contacts/{id}/notes). */
export interface ContactNote {
  id: number;
  contact_id: number;
  author_id: number | null;
  author_name: string;
  body: string;
  created_at: string;
  updated_at: string;
}

const pageSize = 20;

export function ContactNotes(props: { contactId: number }) {
  const id = props.contactId;
  const [notes, setNotes] = useState<ContactNote[]>([]);
  const [more, setMore] = useState("");
  const [draft, setDraft] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    setNotes([]);
    setDraft("");
    let asked = 0;
    const load = () => {
      const n = ++asked;
      get<{ items: ContactNote[]; next_cursor: string }>(`/contacts/${id}/notes${query({ limit: pageSize })}`)
        .then((p) => {
          if (n !== asked) return;
          setNotes(p.items);
          setMore(p.next_cursor);
        })
        .catch(() => n === asked && setNotes([]));
    };
    load();
    return onEvent((e) => {
      if (e.type.startsWith("contact.note_") && e.data?.contact_id === id) load();
      else if ((e.type === "contact.merged" || e.type === "contact.unmerged") && (e.data?.survivor_id === id || e.data?.other_id === id)) load();
    });
  }, [id]);
  const showMore = async () => {
    const p = await get<{ items: ContactNote[]; next_cursor: string }>(`/contacts/${id}/notes${query({ limit: pageSize, cursor: more })}`);
    setNotes([...notes, ...p.items.filter((x) => !notes.some((y) => y.id === x.id))]);
    setMore(p.next_cursor);
  };
  const add = async (e: Event) => {
    e.preventDefault();
    if (!draft.trim()) return;
    setBusy(true);
    setError("");
    try {
      const n = await post<ContactNote>(`/contacts/${id}/notes`, { body: draft });
      setNotes((cur) => [n, ...cur.filter((x) => x.id !== n.id)]);
      setDraft("");
    } catch (x) {
      const p = problem(x);
      setError(p.fields.body || p.message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <section class="contact-notes" aria-label={t("notes.title")}>
      <h4>{t("notes.title")}</h4>
      <form class="note-new" onSubmit={add}>
        <textarea
          aria-label={t("notes.placeholder")}
          placeholder={t("notes.placeholder")}
          title={t("notes.private")}
          rows={2}
          maxLength={10000}
          value={draft}
          onInput={(e) => setDraft(e.currentTarget.value)}
          onKeyDown={(e) => {
            if (e.key === "Enter" && (e.metaKey || e.ctrlKey)) void add(e);
          }}
        />
        {error && (
          <p class="form-error" role="alert">
            {error}
          </p>
        )}
        {draft.trim() && (
          <button type="submit" class="primary small" disabled={busy}>
            {t("notes.add")}
          </button>
        )}
      </form>
      {notes.length === 0 && <p class="muted">{t("notes.empty")}</p>}
      <ul class="notes">
        {notes.map((n) => (
          <NoteItem key={n.id} note={n} onChange={(x) => setNotes(x ? notes.map((y) => (y.id === x.id ? x : y)) : notes.filter((y) => y.id !== n.id))} />
        ))}
      </ul>
      {more && (
        <button class="ghost small" onClick={() => void showMore()}>
          {t("notes.more")}
        </button>
      )}
    </section>
  );
}

function NoteItem(props: { note: ContactNote; onChange: (n: ContactNote | null) => void }) {
  const n = props.note;
  const [editing, setEditing] = useState<string | null>(null);
  const [confirming, setConfirming] = useState(false);
  const [error, setError] = useState("");
  const mine = me.value?.role === "admin" || (n.author_id !== null && n.author_id === me.value?.id);
  const tz = me.value?.time_zone;
  const save = async (e: Event) => {
    e.preventDefault();
    try {
      props.onChange(await patch<ContactNote>(`/contacts/${n.contact_id}/notes/${n.id}`, { body: editing }));
      setEditing(null);
      setError("");
    } catch (x) {
      const p = problem(x);
      setError(p.fields.body || p.message);
    }
  };
  const remove = async () => {
    try {
      await del(`/contacts/${n.contact_id}/notes/${n.id}`);
      props.onChange(null);
    } catch (x) {
      setError(problem(x).message);
    }
  };
  return (
    <li class="note" data-testid="contact-note">
      <div class="note-head">
        <strong>{n.author_name || "Switchboard"}</strong>
        <span class="muted" title={longTime(n.created_at, tz)}>
          {shortTime(n.created_at, tz)}
          {n.updated_at !== n.created_at && " · " + t("notes.edited")}
        </span>
        {mine && editing === null && !confirming && (
          <span class="note-actions">
            <button class="ghost small" onClick={() => setEditing(n.body)}>
              {t("action.edit")}
            </button>
            <button class="ghost small" onClick={() => setConfirming(true)}>
              {t("action.delete")}
            </button>
          </span>
        )}
      </div>
      {editing !== null ? (
        <form class="note-edit" onSubmit={save}>
          <textarea aria-label={t("action.edit")} rows={3} maxLength={10000} value={editing} onInput={(e) => setEditing(e.currentTarget.value)} />
          <div class="form-actions">
            <button type="button" class="ghost small" onClick={() => setEditing(null)}>
              {t("action.cancel")}
            </button>
            <button type="submit" class="primary small">
              {t("action.save")}
            </button>
          </div>
        </form>
      ) : (
        <p class="note-body">{n.body}</p>
      )}
      {confirming && (
        <div class="note-confirm" role="group" aria-label={t("notes.confirmDelete")}>
          <span>{t("notes.confirmDelete")}</span>
          <button class="ghost small" onClick={() => setConfirming(false)}>
            {t("action.cancel")}
          </button>
          <button class="danger small" onClick={() => void remove()}>
            {t("action.delete")}
          </button>
        </div>
      )}
      {error && (
        <p class="form-error" role="alert">
          {error}
        </p>
      )}
    </li>
  );
}
