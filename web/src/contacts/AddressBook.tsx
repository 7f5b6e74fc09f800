// The address book (/contacts): every contact the agent may see, searched, filtered and sorted
// by the URL's query, in a virtualised list fed by keyset pages; a contact opens beside the list
// to be edited, with its conversations. Admins import CSV files; everyone exports the filtered
// list. This module is a lazy chunk, fetched when the page is first opened.
import { useEffect, useRef, useState } from "preact/hooks";
import { BlockActions } from "../inbox/ContactBlock";
import { get, patch, post, query } from "../api";
import { t } from "../i18n";
import { params, search, setParams } from "../router";
import { isAdmin, labels, me } from "../state";
import type { Contact, Conversation, Page } from "../types";
import { Avatar, Field, LabelChip, Modal, problem } from "../ui";
import { ContactActivity } from "../inbox/ContactActivity";
import { ContactNotes } from "../inbox/ContactNotes";
import { AttributeFilter } from "./attributes";
import { ImportDialog } from "./ImportDialog";
import { useContactUpdates } from "./live";
import { contactName } from "./names";

const ROW = 56; // px: every row is this tall, so the list renders only what is in view
const filterKeys = ["q", "channel", "label", "blocked", "seen", "sort", "attr", "attr_value"] as const;
type Filters = Partial<Record<(typeof filterKeys)[number], string>>;

/** The API query of the filters: seen is "7" (within 7 days) or "-30" (not within 30). */
export function apiQuery(f: Filters): Record<string, string | undefined> {
  const q: Record<string, string | undefined> = { q: f.q, channel: f.channel, label: f.label, blocked: f.blocked, sort: f.sort, attr: f.attr, attr_value: f.attr_value };
  const seen = Number(f.seen ?? 0);
  if (seen > 0) q.seen_within_days = String(seen);
  if (seen < 0) q.seen_before = new Date(Date.now() + seen * 86400_000).toISOString();
  return q;
}

export function AddressBook() {
  search.value; // re-render on query changes
  const p = params();
  const f: Filters = {};
  for (const k of filterKeys) if (p.get(k)) f[k] = p.get(k)!;
  const key = JSON.stringify(f);
  const [rows, setRows] = useState<Contact[]>([]);
  const [cursor, setCursor] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(600);
  const [open, setOpen] = useState<Contact | null>(null);
  const [editing, setEditing] = useState<Contact | "new" | null>(null);
  const [importing, setImporting] = useState(false);
  const [text, setText] = useState(f.q ?? "");
  const scroller = useRef<HTMLDivElement>(null);
  const gen = useRef(0);

  const load = async (after: string) => {
    const mine = after ? gen.current : ++gen.current;
    setBusy(true);
    try {
      const page = await get<Page<Contact>>("/contacts" + query({ ...apiQuery(f), cursor: after || undefined, limit: 50 }));
      if (mine !== gen.current) return;
      setRows((r) => (after ? [...r, ...page.items] : page.items));
      setCursor(page.next_cursor);
      setError("");
    } catch (e) {
      if (mine === gen.current) setError(problem(e).message);
    } finally {
      if (mine === gen.current) setBusy(false);
    }
  };
  useEffect(() => {
    setRows([]);
    setCursor("");
    scroller.current?.scrollTo(0, 0);
    void load("");
  }, [key]);
  useEffect(() => {
    const id = setTimeout(() => setParams({ q: text.trim() || undefined }), 250);
    return () => clearTimeout(id);
  }, [text]);
  useEffect(() => {
    if (labels.value.length === 0) get<Page<{ name: string }> | { name: string }[]>("/labels").then((r: any) => (labels.value = r.items ?? r)).catch(() => {});
    const el = scroller.current;
    if (!el) return;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);

  const first = Math.max(0, Math.floor(top / ROW) - 5);
  const last = Math.min(rows.length, Math.ceil((top + height) / ROW) + 5);
  useEffect(() => {
    if (cursor && !busy && last >= rows.length - 10) void load(cursor);
  }, [last, cursor, busy, rows.length]);

  useContactUpdates((c) => {
    setRows((r) => r.map((x) => (x.id === c.id ? { ...x, ...c } : x)));
    setOpen((o) => (o?.id === c.id ? { ...o, ...c } : o));
  });
  const saved = (c: Contact) => {
    setRows((r) => (r.some((x) => x.id === c.id) ? r.map((x) => (x.id === c.id ? c : x)) : [c, ...r]));
    setOpen(c);
    setEditing(null);
  };
  const select = (k: keyof Filters) => (e: Event) => setParams({ [k]: (e.target as HTMLSelectElement).value || undefined });

  return (
    <div class="book">
      <div class="book-head">
        <h1>{t("book.title")}</h1>
        <div class="book-actions">
          <a class="button" href={"/api/v1/contacts/export.csv" + query(apiQuery(f))} download data-testid="book-export">
            {t("book.export")}
          </a>
          {me.value?.role !== "agent" && (
            <a class="button" href="/contacts/duplicates" data-testid="book-duplicates">
              {t("review.title")}
            </a>
          )}
          {isAdmin.value && <button onClick={() => setImporting(true)}>{t("book.import")}</button>}
          <button class="primary" onClick={() => setEditing("new")}>
            {t("book.new")}
          </button>
        </div>
      </div>
      <div class="book-filters">
        <input type="search" placeholder={t("book.search")} aria-label={t("book.search")} value={text} onInput={(e) => setText((e.target as HTMLInputElement).value)} />
        <select aria-label={t("book.channel")} value={f.channel ?? ""} onChange={select("channel")}>
          <option value="">{t("book.anyChannel")}</option>
          {["phone", "email", "messenger", "instagram", "telegram", "web", "api"].map((k) => (
            <option value={k}>{k}</option>
          ))}
        </select>
        <select aria-label={t("book.label")} value={f.label ?? ""} onChange={select("label")}>
          <option value="">{t("book.anyLabel")}</option>
          {labels.value.map((l) => (
            <option value={l.name}>{l.name}</option>
          ))}
        </select>
        <select aria-label={t("book.blocked")} value={f.blocked ?? ""} onChange={select("blocked")}>
          <option value="">{t("book.anyBlocked")}</option>
          <option value="true">{t("book.onlyBlocked")}</option>
          <option value="false">{t("book.notBlocked")}</option>
        </select>
        <select aria-label={t("book.seen")} value={f.seen ?? ""} onChange={select("seen")}>
          <option value="">{t("book.seenAny")}</option>
          {[7, 30, 90].map((d) => (
            <option value={String(d)}>{t("book.seenWithin", { days: d })}</option>
          ))}
          {[30, 90, 365].map((d) => (
            <option value={String(-d)}>{t("book.seenBefore", { days: d })}</option>
          ))}
        </select>
        <AttributeFilter attr={f.attr} value={f.attr_value} />
        <select aria-label={t("book.sort")} value={f.sort ?? ""} onChange={select("sort")}>
          <option value="">{t("book.sortCreated")}</option>
          <option value="name">{t("book.sortName")}</option>
          <option value="last_seen">{t("book.sortLastSeen")}</option>
        </select>
      </div>
      {error && <p class="form-error" role="alert">{error}</p>}
      <div class="book-body">
        <div class="book-list" ref={scroller} onScroll={(e) => setTop((e.target as HTMLElement).scrollTop)} data-testid="book-list">
          <div style={{ height: rows.length * ROW + "px", position: "relative" }}>
            {rows.slice(first, last).map((c, i) => (
              <button

                class={"book-row" + (open?.id === c.id ? " selected" : "")}
                style={{ top: (first + i) * ROW + "px", height: ROW + "px" }}
                onClick={() => setOpen(c)}
                key={c.id}
              >
                <Avatar name={c.name} url={c.avatar_url} size={32} seed={c.id} />
                <span class="book-row-main">
                  <span class="book-row-name">{contactName(c)}</span>
                  <span class="book-row-sub">{[c.email, c.phone].filter(Boolean).join(" · ")}</span>
                </span>
                <span class="book-row-labels">
                  {c.labels.slice(0, 3).map((l) => (
                    <LabelChip name={l} />
                  ))}
                </span>
                <span class="book-row-seen">{c.last_seen_at ? new Date(c.last_seen_at).toLocaleDateString() : t("book.never")}</span>
              </button>
            ))}
          </div>
          {!busy && rows.length === 0 && !error && <p class="book-empty">{t("book.empty")}</p>}
          {busy && <p class="book-empty">{t("book.loading")}</p>}
        </div>
        {open && <ContactCard c={open} onEdit={() => setEditing(open)} onClose={() => setOpen(null)} onChange={(x) => (x ? saved(x) : (setOpen(null), void load("")))} />}
      </div>
      {editing && <ContactForm c={editing === "new" ? null : editing} onClose={() => setEditing(null)} onSaved={saved} />}
      {importing && <ImportDialog onClose={() => setImporting(false)} onDone={() => void load("")} />}
    </div>
  );
}

/** A contact beside the list: its details and the conversations the agent may open. */
function ContactCard(props: { c: Contact; onEdit: () => void; onClose: () => void; onChange: (c: Contact | null) => void }) {
  const c = props.c;
  const [convs, setConvs] = useState<Conversation[] | null>(null);
  useEffect(() => {
    setConvs(null);
    get<Page<Conversation>>("/conversations" + query({ view: "all", contact_id: c.id, limit: 20 }))
      .then((p) => setConvs(p.items))
      .catch(() => setConvs([]));
  }, [c.id]);
  return (
    <aside class="book-card" data-testid="book-card">
      <div class="book-card-head">
        <Avatar name={c.name} url={c.avatar_url} size={40} seed={c.id} />
        <h2>{contactName(c)}</h2>
        <button onClick={props.onEdit}>{t("book.edit")}</button>
        <button class="book-close" onClick={props.onClose} aria-label={t("book.close")}>
          ×
        </button>
      </div>
      <dl>
        {c.email && <dd>{c.email}</dd>}
        {c.phone && <dd>{c.phone}</dd>}
        {c.identities.map((i) => (
          <dd class="muted">
            {i.kind}: {i.external_id}
          </dd>
        ))}
        <dd class="muted">{c.last_seen_at ? t("book.lastSeen", { time: new Date(c.last_seen_at).toLocaleString() }) : t("book.never")}</dd>
      </dl>
      <BlockActions contact={c} onChange={props.onChange} />
      <div class="book-card-labels">
        {c.labels.map((l) => (
          <LabelChip name={l} />
        ))}
      </div>
      <h3>{t("book.conversations")}</h3>
      {convs?.length === 0 && <p class="muted">{t("book.noConversations")}</p>}
      <ul class="book-convs">
        {convs?.map((v) => (
          <li>
            <a href={`/inbox/${v.id}`}>
              #{v.id} · {v.channel} · {v.status}
            </a>
          </li>
        ))}
      </ul>
      <ContactNotes contactId={c.id} />
      <ContactActivity contactId={c.id} />
    </aside>
  );
}

/** Creates a contact (c null) or changes one: name, email, phone and labels. */
function ContactForm(props: { c: Contact | null; onClose: () => void; onSaved: (c: Contact) => void }) {
  const c = props.c;
  const [f, setF] = useState({ name: c?.name ?? "", email: c?.email ?? "", phone: c?.phone ?? "", labels: (c?.labels ?? []).join(", ") });
  const [err, setErr] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const [busy, setBusy] = useState(false);
  const set = (k: keyof typeof f) => (e: Event) => setF({ ...f, [k]: (e.target as HTMLInputElement).value });
  const submit = async (e: Event) => {
    e.preventDefault();
    setBusy(true);
    const body = { name: f.name, email: f.email, phone: f.phone, labels: f.labels.split(",").map((s) => s.trim()).filter(Boolean) };
    try {
      props.onSaved(c ? await patch<Contact>(`/contacts/${c.id}`, body) : await post<Contact>("/contacts", body));
    } catch (e2) {
      setErr(problem(e2));
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={c ? t("book.edit") : t("book.new")} onClose={props.onClose}>
      <form onSubmit={submit} class="book-form">
        {err && <p class="form-error" role="alert">{err.message}</p>}
        <Field label={t("field.name")} error={err?.fields.name}>
          <input name="name" maxLength={200} value={f.name} onInput={set("name")} />
        </Field>
        <Field label={t("field.email")} error={err?.fields.email}>
          <input name="email" type="email" value={f.email} onInput={set("email")} />
        </Field>
        <Field label={t("field.phone")} error={err?.fields.phone}>
          <input name="phone" type="tel" value={f.phone} onInput={set("phone")} />
        </Field>
        <Field label={t("book.label")} error={err?.fields.labels} hint={t("book.labelsHint")}>
          <input name="labels" value={f.labels} onInput={set("labels")} />
        </Field>
        <div class="form-actions">
          <button type="submit" class="primary" disabled={busy}>
            {c ? t("book.edit") : t("book.new")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
