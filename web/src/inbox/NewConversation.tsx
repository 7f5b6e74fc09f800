// The "New conversation" dialog, a chunk of its own fetched on first use: an inbox, the customer
// (a contact found as the agent types, or a new number or address), and the first message: text,
// a mail with its subject, or on WhatsApp an approved template, which is all a customer who never
// wrote may be sent. The server decides what goes; its field errors show beside the fields.
import { useEffect, useRef, useState } from "preact/hooks";
import { ApiError, get, idempotencyKey, post, query } from "../api";
import { t } from "../i18n";
import { navigate, params } from "../router";
import { channels, inboxes } from "../state";
import type { ChannelKind, Contact, Conversation, TemplateSend } from "../types";
import { Avatar, Field, Modal, channelName, problem } from "../ui";
import { TemplateForm, filled } from "./WindowBar";
import { contactName } from "../contacts/names";

/** The kinds of inbox that can write first to an address typed by hand, and the kind of address
 *  (see switchboard.StartsByAddress): the others reach only people who wrote to them. */
const addressKinds: Partial<Record<ChannelKind, "phone" | "email" | "api">> = {
  whatsapp: "phone",
  sms: "phone",
  rcs: "phone",
  email: "email",
  api: "api",
};

/** The fields whose server errors show beside them. */
const shownFields = ["inbox_id", "to", "contact_id", "contact_name", "subject", "text", "template", "template.params"];

/** A contact's address of a kind, "" when it has none. */
const addressOf = (c: Contact, kind: string) => c.identities?.find((i) => i.kind === kind)?.external_id ?? "";

export function NewConversationDialog(props: { onClose: () => void }) {
  const usable = inboxes.value.filter((i) => addressKinds[i.kind] && channels.value.get(i.kind)?.can_send !== false);
  // The inbox the list is filtered on, if the agent can start there, else the first.
  const [inboxId, setInboxId] = useState(() => usable.find((i) => String(i.id) === params().get("inbox_id"))?.id ?? usable[0]?.id ?? 0);
  const inbox = usable.find((i) => i.id === inboxId);
  const kind = (inbox && addressKinds[inbox.kind]) || "phone";
  const templates = !!(inbox && channels.value.get(inbox.kind)?.capabilities.templates);
  const [to, setTo] = useState("");
  const [contact, setContact] = useState<Contact | null>(null);
  const [hits, setHits] = useState<Contact[]>([]);
  const [name, setName] = useState("");
  const [mode, setMode] = useState<"template" | "text">("template");
  const [subject, setSubject] = useState("");
  const [text, setText] = useState("");
  const [tpl, setTpl] = useState<TemplateSend | null>(null);
  const [errs, setErrs] = useState<Record<string, string>>({});
  const [err, setErr] = useState("");
  const [busy, setBusy] = useState(false);
  const key = useRef(idempotencyKey());
  const byTemplate = templates && mode === "template";

  // The customer is what an agent most often starts with (the dialog focuses its first field,
  // the inbox, before this runs).
  useEffect(() => document.getElementById("newconv-to")?.focus(), []);
  // Contacts the agent sees whose name, email or phone matches what they type, with an address
  // this inbox reaches.
  useEffect(() => {
    const q = to.trim();
    if (contact || q.length < 2) return setHits([]);
    let alive = true;
    const timer = setTimeout(() => {
      get<{ items: Contact[] }>("/contacts" + query({ q, limit: 6 }))
        .then((r) => alive && setHits(r.items.filter((c) => addressOf(c, kind))))
        .catch(() => alive && setHits([]));
    }, 250);
    return () => {
      alive = false;
      clearTimeout(timer);
    };
  }, [to, contact, kind]);
  // A contact with no address on the new inbox's channel cannot be written to there.
  useEffect(() => {
    if (contact && !addressOf(contact, kind)) setContact(null);
  }, [kind]);

  const start = async (e: Event) => {
    e.preventDefault();
    if (!inbox || busy) return;
    setBusy(true);
    setErr("");
    setErrs({});
    const body = {
      inbox_id: inbox.id,
      ...(contact ? { contact_id: contact.id } : { to, contact_name: name }),
      ...(byTemplate ? { template: tpl } : { text }),
      ...(inbox.kind === "email" ? { subject } : {}),
    };
    try {
      const r = await post<{ conversation: Conversation }>("/conversations", body, { "Idempotency-Key": key.current });
      props.onClose();
      navigate(`/inbox/${r.conversation.id}${location.search}`);
    } catch (x) {
      const p = problem(x);
      const fields = { ...p.fields };
      // Free text to someone outside the window: the reason belongs beside the text.
      if (x instanceof ApiError && x.code === "window_closed" && !byTemplate) fields.text = p.message;
      setErrs(fields);
      // The message too when no field shown here is named.
      const keys = Object.keys(fields);
      setErr(keys.length && keys.every((k) => shownFields.includes(k)) ? "" : p.message);
    } finally {
      setBusy(false);
    }
  };

  const ready = !!inbox && (!!contact || !!to.trim()) && (byTemplate ? !!tpl && filled(tpl) : !!text.trim());
  return (
    <Modal title={t("newconv.action")} onClose={props.onClose} wide>
      <form class="newconv" onSubmit={start}>
        {usable.length === 0 && <p class="muted">{t("newconv.noInbox")}</p>}
        {usable.length > 0 && (
          <Field label={t("filter.inbox")} error={errs.inbox_id}>
            <select name="inbox_id" value={inboxId} onChange={(e) => setInboxId(Number(e.currentTarget.value))}>
              {usable.map((i) => (
                <option value={i.id}>
                  {i.name} · {channelName(i.kind)}
                </option>
              ))}
            </select>
          </Field>
        )}
        <div class="field newconv-to">
          <label class="field-label" for="newconv-to">
            {t("newconv.to")}
          </label>
          {contact ? (
            <div class="newconv-chip" data-testid="newconv-contact">
              <Avatar name={contact.name || addressOf(contact, kind)} size={24} />
              <strong>{contact.name}</strong>
              <span class="muted">{addressOf(contact, kind)}</span>
              <button type="button" class="icon" aria-label={t("newconv.change")} onClick={() => setContact(null)}>
                ×
              </button>
            </div>
          ) : (
            <input
              id="newconv-to"
              name="to"
              autocomplete="off"
              inputMode={kind === "phone" ? "tel" : kind === "email" ? "email" : "text"}
              role="combobox"
              aria-expanded={hits.length > 0}
              aria-controls={hits.length ? "newconv-hits" : undefined}
              value={to}
              onInput={(e) => setTo(e.currentTarget.value)}
              onKeyDown={(e) => e.key === "ArrowDown" && document.querySelector<HTMLElement>(".newconv-hits button")?.focus()}
            />
          )}
          {hits.length > 0 && !contact && (
            <ul class="newconv-hits" id="newconv-hits" role="listbox" aria-label={t("search.contacts")}>
              {hits.map((c) => (
                <li role="option" aria-selected={false}>
                  <button type="button" onClick={() => (setContact(c), setHits([]))}>
                    <Avatar name={c.name || addressOf(c, kind)} size={24} />
                    <strong>{contactName(c)}</strong>
                    <span class="muted">{addressOf(c, kind)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
          {(errs.to || errs.contact_id) && (
            <span class="field-error" role="alert">
              {errs.to || errs.contact_id}
            </span>
          )}
          {!errs.to && !errs.contact_id && !contact && <span class="field-hint">{t(`newconv.hint.${kind}`)}</span>}
        </div>
        {!contact && to.trim() && (
          <Field label={t("newconv.name")} error={errs.contact_name}>
            <input name="contact_name" autocomplete="off" value={name} onInput={(e) => setName(e.currentTarget.value)} />
          </Field>
        )}
        {templates && (
          <div class="newconv-mode" role="radiogroup" aria-label={t("newconv.message")}>
            {(["template", "text"] as const).map((m) => (
              <button type="button" role="radio" aria-checked={mode === m} class={"ghost" + (mode === m ? " on" : "")} onClick={() => setMode(m)}>
                {t(`newconv.${m}`)}
              </button>
            ))}
          </div>
        )}
        {byTemplate && inbox ? (
          <div class="newconv-template">
            <p class="field-hint">{t("newconv.templateHint")}</p>
            <TemplateForm inboxId={inbox.id} contactName={contact?.name || name} onChange={setTpl} />
            {(errs.template || errs["template.params"]) && (
              <span class="field-error" role="alert">
                {errs.template || errs["template.params"]}
              </span>
            )}
          </div>
        ) : (
          <>
            {inbox?.kind === "email" && (
              <Field label={t("newconv.subject")} error={errs.subject}>
                <input name="subject" value={subject} onInput={(e) => setSubject(e.currentTarget.value)} />
              </Field>
            )}
            <Field label={t("newconv.message")} error={errs.text}>
              <textarea name="text" rows={5} value={text} onInput={(e) => setText(e.currentTarget.value)} />
            </Field>
          </>
        )}
        {err && (
          <p class="form-error" role="alert">
            {err}
          </p>
        )}
        <div class="newconv-actions">
          <button type="button" class="ghost" onClick={props.onClose}>
            {t("action.cancel")}
          </button>
          <button type="submit" class="primary" disabled={busy || !ready}>
            {t("newconv.start")}
          </button>
        </div>
      </form>
    </Modal>
  );
}
