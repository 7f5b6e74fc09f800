// The right pane: who the customer is, their addresses on every channel, their other
// conversations, and the replies scheduled in this one.
import { signal } from "@preact/signals";
import type { ComponentChildren } from "preact";
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { get, patch, post, query } from "../api";
import { navigate } from "../router";
import { longTime, shortTime, t } from "../i18n";
import { channels, labelByName, me } from "../state";
import { onEvent } from "../stream";
import { Icon } from "../icons";
import type { Contact, ContactFile, Conversation, Page, ScheduledMessage } from "../types";
import { Avatar, ChannelIcon, Field, LabelChip, problem } from "../ui";
import { AttributeRows, useTypedAttributes } from "../contacts/attributes";
import { CRMSection } from "./CRM";
import { LabelMenu } from "./LabelMenu";
import { ContactActivity } from "./ContactActivity";
import { ContactNotes } from "./ContactNotes";
import { BlockActions } from "./ContactBlock";
import { Merges } from "./Merges";
import { Rating, Visits } from "./Webchat";
import { contactName } from "../contacts/names";

export function ContactPanel(props: { conv: Conversation }) {
  const c = props.conv;
  const [contact, setContact] = useState<Contact | null>(null);
  const [history, setHistory] = useState<Conversation[]>([]);
  const [editing, setEditing] = useState(false);
  const [reloads, setReloads] = useState(0); // a merge or un-merge: read the contact and its conversations again
  useEffect(() => {
    setContact(null);
    setEditing(false);
    // The contact's conversations follow the stream: a status or a message in one of them, or a
    // new one, fetches the list again (once for a burst of events). Until the first list is here
    // any conversation's event may be one of them, changed after the list was read.
    // Only the newest request's answer is shown: an older one may come last, and be older.
    let shown: Set<number> | null = null;
    let timer: ReturnType<typeof setTimeout> | undefined;
    let asked = 0;
    const loadHistory = () => {
      const n = ++asked;
      get<Page<Conversation>>("/conversations" + query({ view: "all", contact_id: c.contact_id, limit: 20 }))
        .then((p) => {
          if (n !== asked) return;
          shown = new Set(p.items.map((h) => h.id));
          setHistory(p.items);
        })
        .catch(() => n === asked && setHistory([]));
    };
    const load = () => {
      get<Contact>(`/contacts/${c.contact_id}`).then(setContact).catch(() => setContact(null));
      loadHistory();
    };
    load();
    const off = onEvent((e) => {
      if (e.type === "contact.updated" && e.data?.id === c.contact_id) load();
      else if ((e.type === "conversation.created" && e.data?.contact_id === c.contact_id) || (e.conversation_id && (!shown || shown.has(e.conversation_id)))) {
        clearTimeout(timer);
        timer = setTimeout(loadHistory, 150);
      }
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [c.contact_id, reloads]);
  if (!contact) return <ContactPane busy />;
  return (
    <ContactPane>
      <div class="contact-card">
        <Avatar name={contact.name} url={contact.avatar_url} seed={contact.id} size={56} />
        <h3>{contactName(contact)}</h3>
        {!editing && (
          <button class="ghost" onClick={() => setEditing(true)}>
            {t("action.edit")}
          </button>
        )}
      </div>
      {editing ? (
        <ContactForm
          contact={contact}
          onDone={(x) => {
            if (x) setContact(x);
            setEditing(false);
          }}
        />
      ) : (
        <dl class="contact-details">
          {contact.email && (
            <>
              <dt>{t("field.email")}</dt>
              <dd>{contact.email}</dd>
            </>
          )}
          {contact.phone && (
            <>
              <dt>{t("field.phone")}</dt>
              <dd>{contact.phone}</dd>
            </>
          )}
          {contact.language && (
            <>
              <dt>{t("field.language")}</dt>
              <dd>{contact.language}</dd>
            </>
          )}
          <dt>{t("contact.firstSeen")}</dt>
          <dd>{longTime(contact.created_at, me.value?.time_zone)}</dd>
          <AttributeRows attributes={contact.attributes} />
        </dl>
      )}
      <CRMSection contact={contact} />
      <ContactLabels contact={contact} onChange={setContact} />
      <Merges contact={contact} onChange={() => setReloads((n) => n + 1)} />
      <ContactNotes contactId={contact.id} />
      <h4>{t("contact.identities")}</h4>
      <ul class="identities">
        {contact.identities.map((i) => (
          <li>
            <ChannelIcon kind={i.kind} /> <span>{i.external_id}</span>
            {i.opted_out_at && (
              <span class="badge opted-out" data-testid="opted-out" title={longTime(i.opted_out_at, me.value?.time_zone)}>
                {t("contact.optedOut", { channels: optOutChannels(), date: shortTime(i.opted_out_at, me.value?.time_zone) })}
              </span>
            )}
          </li>
        ))}
      </ul>
      <h4>{t("contact.conversations")}</h4>
      <ul class="history">
        {history.map((h) => (
          <li class={h.id === c.id ? "current" : ""}>
            <a href={`/inbox/${h.id}${location.search}`}>
              <ChannelIcon kind={h.channel} />
              <span class="history-preview">{h.last_message_preview || h.subject || "…"}</span>
              <span class="muted">{shortTime(h.last_activity_at, me.value?.time_zone)}</span>
              <span class={"status-badge " + h.status}>{t(("status." + h.status) as any)}</span>
              {h.kind === "comment" && <span class="row-comment">{t("comments.marker")}</span>}
            </a>
          </li>
        ))}
      </ul>
      <ContactActivity contactId={contact.id} />
      {c.csat && <Rating csat={c.csat} />}
      {c.channel === "webchat" && <Visits contactId={c.contact_id} />}
      <Files contactId={c.contact_id} />
      <Scheduled conv={c} />
      <BlockActions contact={contact} onChange={(x) => (x ? setContact(x) : navigate("/inbox" + location.search))} />
    </ContactPane>
  );
}

/** Whether the contact panel is open as a drawer, on a screen too narrow for it beside the thread. */
export const contactDrawer = signal(false);

/**
 * The panel's frame: beside the thread on a wide screen; below 900 px a drawer the header's
 * Contact button opens, which takes the focus and gives it back, and closes with Escape, its ×
 * or a click outside.
 */
export function ContactPane(props: { busy?: boolean; children?: ComponentChildren }) {
  const open = contactDrawer.value;
  const ref = useRef<HTMLElement>(null);
  const close = () => (contactDrawer.value = false);
  useLayoutEffect(() => {
    if (!open) return;
    const prev = document.activeElement as HTMLElement | null;
    ref.current?.querySelector<HTMLElement>(".drawer-close")?.focus();
    const key = (e: KeyboardEvent) => e.key === "Escape" && close();
    window.addEventListener("keydown", key);
    return () => {
      window.removeEventListener("keydown", key);
      prev?.focus();
    };
  }, [open]);
  return (
    <>
      {open && <div class="drawer-backdrop" onClick={close} />}
      <aside
        ref={ref}
        class={"contact-pane" + (open ? " open" : "")}
        aria-label={t("contact.title")}
        aria-busy={props.busy}
      >
        <button class="icon drawer-close" aria-label={t("action.close")} onClick={close}>
          ×
        </button>
        {props.children}
      </aside>
    </>
  );
}

/** The channels an opted-out address gets nothing on: those that honour opt-out words (SMS). */
function optOutChannels(): string {
  const kinds = [...channels.value.values()].filter((c) => c.capabilities.opt_out).map((c) => t(("channel." + c.kind) as any));
  return kinds.join(", ") || t("channel.sms");
}

/** The contact's labels: removable chips, and the picker that adds or creates one. */
function ContactLabels(props: { contact: Contact; onChange: (c: Contact) => void }) {
  const [open, setOpen] = useState(false);
  const current = props.contact.labels ?? [];
  const save = async (next: string[]) => props.onChange(await patch<Contact>(`/contacts/${props.contact.id}`, { labels: next }));
  return (
    <section class="contact-labels" aria-label={t("contact.labels")}>
      <h4>{t("contact.labels")}</h4>
      <div class="thread-labels">
        {current.map((l) => (
          <LabelChip name={l} color={labelByName.value.get(l)?.color} onRemove={() => void save(current.filter((x) => x !== l))} />
        ))}
        <span class="menu-anchor">
          <button class="ghost small" aria-expanded={open} onClick={() => setOpen(!open)}>
            <Icon name="tag" size={14} /> {t("contact.addLabel")}
          </button>
          {open && (
            <LabelMenu
              current={current}
              label={t("contact.labels")}
              onAdd={async (n) => {
                await save([...current, n]);
                setOpen(false);
              }}
            />
          )}
        </span>
      </div>
    </section>
  );
}

function ContactForm(props: { contact: Contact; onDone: (c: Contact | null) => void }) {
  const [f, setF] = useState({ name: props.contact.name, email: props.contact.email, phone: props.contact.phone, language: props.contact.language });
  // Custom attributes as rows of name and value; values that are not text keep their JSON.
  const typed = useTypedAttributes(props.contact.attributes); // the defined ones, with typed inputs
  const [attrs, setAttrs] = useState<[string, string][]>(
    Object.entries(props.contact.attributes ?? {}).filter(([k]) => !typed.defines(k)).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );
  const [err, setErr] = useState<{ message: string; fields: Record<string, string> } | null>(null);
  const set = (k: keyof typeof f) => (e: any) => setF({ ...f, [k]: e.currentTarget.value });
  const setAttr = (i: number, col: 0 | 1, v: string) => setAttrs(attrs.map((a, j) => (j === i ? (col === 0 ? [v, a[1]] : [a[0], v]) : a)));
  const attributes = () => {
    const out: Record<string, unknown> = typed.merge({});
    for (const [k, v] of attrs) {
      if (!k.trim()) continue;
      const orig = props.contact.attributes?.[k.trim()];
      out[k.trim()] = orig !== undefined && typeof orig !== "string" && JSON.stringify(orig) === v ? orig : v;
    }
    return out;
  };
  return (
    <form
      class="contact-form"
      onSubmit={async (e) => {
        e.preventDefault();
        try {
          props.onDone(await patch<Contact>(`/contacts/${props.contact.id}`, { ...f, attributes: attributes() }));
        } catch (x) {
          setErr(problem(x));
        }
      }}
    >
      <Field label={t("field.name")} error={err?.fields.name}>
        <input value={f.name} onInput={set("name")} />
      </Field>
      <Field label={t("field.email")} error={err?.fields.email}>
        <input type="email" value={f.email} onInput={set("email")} />
      </Field>
      <Field label={t("field.phone")} error={err?.fields.phone}>
        <input type="tel" value={f.phone} onInput={set("phone")} />
      </Field>
      <Field label={t("field.language")} error={err?.fields.language}>
        <input value={f.language} onInput={set("language")} placeholder="it, es, fr…" />
      </Field>
      {typed.inputs(err?.fields)}
      <fieldset class="attributes">
        <legend>{t("contact.attributes")}</legend>
        {attrs.map(([k, v], i) => (
          <div class="attribute">
            <input aria-label={t("contact.attributeName")} placeholder={t("contact.attributeName")} value={k} onInput={(e) => setAttr(i, 0, e.currentTarget.value)} />
            <input aria-label={t("contact.attributeValue")} placeholder={t("contact.attributeValue")} value={v} onInput={(e) => setAttr(i, 1, e.currentTarget.value)} />
            <button type="button" class="icon" aria-label={t("contact.removeAttribute", { name: k })} onClick={() => setAttrs(attrs.filter((_, j) => j !== i))}>
              ×
            </button>
          </div>
        ))}
        <button type="button" class="ghost" onClick={() => setAttrs([...attrs, ["", ""]])}>
          {t("contact.addAttribute")}
        </button>
        {err?.fields.attributes && <p class="form-error">{err.fields.attributes}</p>}
      </fieldset>
      {err && !Object.keys(err.fields).length && <p class="form-error">{err.message}</p>}
      <div class="form-actions">
        <button type="button" class="ghost" onClick={() => props.onDone(null)}>
          {t("action.cancel")}
        </button>
        <button type="submit" class="primary">
          {t("action.save")}
        </button>
      </div>
    </form>
  );
}

function Scheduled(props: { conv: Conversation }) {
  const id = props.conv.id;
  const [items, setItems] = useState<ScheduledMessage[]>([]);
  useEffect(() => {
    const load = () =>
      get<{ items: ScheduledMessage[] }>(`/conversations/${id}/scheduled-messages`)
        .then((r) => setItems(r.items.filter((s) => s.state === "scheduled" || s.state === "failed")))
        .catch(() => setItems([]));
    void load();
    return onEvent((e) => {
      if (e.type === "scheduled_message.changed" && e.conversation_id === id) void load();
    });
  }, [id]);
  if (!items.length) return null;
  return (
    <>
      <h4>{t("scheduled.title")}</h4>
      <ul class="scheduled">
        {items.map((s) => (
          <li class={s.state}>
            <span>{s.text.slice(0, 80)}</span>
            <span class="muted">
              {s.state === "failed" ? s.error_reason : t("scheduled.at", { time: longTime(s.send_at, me.value?.time_zone) })}
            </span>
            {s.state === "scheduled" && (
              <button class="ghost" onClick={() => void post(`/scheduled-messages/${s.id}/cancel`).catch((e) => alert(problem(e).message))}>
                {t("action.cancel")}
              </button>
            )}
          </li>
        ))}
      </ul>
    </>
  );
}

function Files(props: { contactId: number }) {
  const [files, setFiles] = useState<ContactFile[]>([]);
  useEffect(() => {
    const load = () =>
      get<{ items: ContactFile[] }>(`/contacts/${props.contactId}/files${query({ limit: 12 })}`)
        .then((r) => setFiles(r.items))
        .catch(() => setFiles([]));
    void load();
    return onEvent((e) => {
      if (e.type === "message.created" && e.data?.attachments?.length) void load();
    });
  }, [props.contactId]);
  if (!files.length) return null;
  return (
    <>
      <h4>{t("contact.files")}</h4>
      <ul class="shared-files">
        {files.map((f) => (
          <li>
            <a href={f.url} target="_blank" rel="noopener noreferrer" title={f.filename}>
              {f.kind === "image" ? <img src={f.url} alt={f.filename} loading="lazy" /> : <Icon name="doc" />}
              <span>{f.filename}</span>
            </a>
          </li>
        ))}
      </ul>
    </>
  );
}
