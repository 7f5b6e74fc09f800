// What a message carries beyond its text, as the thread shows it: its files (a voice note with
// its player), the contact cards a customer shared, and why it could not be delivered.
import { useEffect, useState } from "preact/hooks";
import { get, post, query } from "../api";
import { t, type Key } from "../i18n";
import { en } from "../i18n/en";
import { Icon } from "../icons";
import type { Attachment, ContactCard, Contact, Conversation, Message, Page } from "../types";
import { ChannelIcon, Modal, problem } from "../ui";
import { contactName } from "../contacts/names";

/** One file of a message: shown inline when the browser can, else offered as a download. */
export function AttachmentView(props: { a: Attachment; voice?: boolean }) {
  const a = props.a;
  if (a.pending || a.fetch_error || !a.url) {
    return (
      <p class={"media doc" + (a.fetch_error ? " failed" : "")} aria-busy={a.pending}>
        <Icon name="doc" /> {a.fetch_error ? t("message.fetchFailed", { reason: a.fetch_error }) : t("message.fetching")}
      </p>
    );
  }
  switch (a.kind) {
    case "image":
    case "sticker":
      return <img class={"media " + a.kind} src={a.url} alt={a.filename || a.kind} loading="lazy" />;
    case "audio":
      return <AudioView a={a} voice={!!props.voice} />;
    case "video":
      return <video class="media" controls src={a.url} preload="metadata" />;
    case "location":
      return (
        <a class="media doc" href={a.url} target="_blank" rel="noopener noreferrer">
          <Icon name="pin" /> {a.filename || t("message.location")}
        </a>
      );
    default:
      return <Download a={a} />;
  }
}

function Download(props: { a: Attachment; label?: string }) {
  const a = props.a;
  return (
    <a class="media doc" href={a.url} target="_blank" rel="noopener noreferrer" download={a.filename}>
      <Icon name="doc" /> {props.label || a.filename || t("message.document")}
    </a>
  );
}

/**
 * A recording with the browser's player, marked when the customer recorded it as a voice note.
 * A format this browser cannot play (AMR from an old phone, say) is offered as a download rather
 * than as a player that would stay silent.
 */
function AudioView(props: { a: Attachment; voice: boolean }) {
  const a = props.a;
  const playable = document.createElement("audio").canPlayType(a.content_type) !== "";
  const label = props.voice ? t("message.voiceNote") : t("message.audio");
  if (!playable) return <Download a={a} label={t("message.audioDownload", { name: a.filename || label })} />;
  return (
    <figure class={"media audio" + (props.voice ? " voice" : "")}>
      <figcaption>
        <Icon name="mic" size={14} /> {label}
      </figcaption>
      <audio controls preload="metadata" src={a.url} aria-label={label} data-voice={props.voice ? "true" : undefined} />
    </figure>
  );
}

/** The UI's text for a failure code, or "" for a code it does not know. */
function failureText(code: string, part: "reason" | "action"): string {
  const key = `failure.${code}.${part}`;
  return key in en ? t(key as Key) : "";
}

/** Why a message failed, in the agent's language, with what to do and the provider's own words. */
export function FailureNote(props: { m: Message; onRetry: () => void }) {
  const m = props.m;
  const known = failureText(m.error_code, "reason");
  return (
    <div class="failed" role="alert" data-error-code={m.error_code}>
      <div class="failure-text">
        <p>
          <strong>{t("message.failed")}</strong>: {known || m.error_reason || m.error_code}
        </p>
        {known && <p class="failure-action">{failureText(m.error_code, "action")}</p>}
        {known && m.error_reason && <p class="failure-detail muted small">{t("failure.detail", { detail: m.error_reason })}</p>}
      </div>
      <button class="ghost" onClick={props.onRetry}>
        {t("action.retry")}
      </button>
    </div>
  );
}

/**
 * A reply the provider could not take yet (it is down, the mail server unreachable): when it is
 * tried again and why, in place of an endless "…". It goes once the reply is sent or fails.
 */
export function RetryNote(props: { r: NonNullable<Message["retry"]>; time: string }) {
  const r = props.r;
  const known = failureText(r.code, "reason");
  return (
    <div class="retrying" role="status">
      <Icon name="clock" size={14} />
      <p>
        {t("message.retrying", { time: props.time })} {known || r.reason}
        {known && r.reason && <span class="muted small"> {t("failure.detail", { detail: r.reason })}</span>}
      </p>
    </div>
  );
}

/** The contact cards a customer shared. */
export function ContactCards(props: { cards: ContactCard[] }) {
  return (
    <div class="contact-shares">
      {props.cards.map((c) => (
        <ContactCardView card={c} />
      ))}
    </div>
  );
}

/** Only web addresses open as links: a card may hold anything. */
function safeURL(u: string): string | null {
  return /^https?:\/\//i.test(u) ? u : null;
}

/**
 * One shared contact: its details, and either the contact of Switchboard one of its addresses
 * already belongs to (to open), or "Add as contact", which creates a contact with its addresses.
 */
function ContactCardView(props: { card: ContactCard }) {
  const c = props.card;
  // undefined while looking, null when none of the card's addresses is a contact's.
  const [owner, setOwner] = useState<Contact | null | undefined>(undefined);
  const [err, setErr] = useState("");
  const [open, setOpen] = useState(false);
  const ids = c.identities ?? [];
  useEffect(() => {
    let alive = true;
    setOwner(undefined);
    void (async () => {
      for (const i of ids.slice(0, 5)) {
        const page = await get<Page<Contact>>("/contacts" + query({ identity_kind: i.kind, identity: i.external_id, limit: 1 })).catch(() => null);
        if (page?.items.length) {
          if (alive) setOwner(page.items[0]!);
          return;
        }
      }
      if (alive) setOwner(null);
    })();
    return () => {
      alive = false;
    };
  }, [JSON.stringify(ids)]);
  const add = async () => {
    setErr("");
    const phone = ids.find((i) => i.kind === "phone")?.external_id;
    const email = ids.find((i) => i.kind === "email")?.external_id;
    const attributes: Record<string, string> = {};
    if (c.organization) attributes.organization = c.organization;
    if (c.title) attributes.title = c.title;
    try {
      setOwner(await post<Contact>("/contacts", { name: c.name, phone, email, identities: ids, attributes }));
    } catch (e) {
      setErr(problem(e).message);
    }
  };
  const name = c.name || t("card.unnamed");
  const org = [c.title, c.organization, c.department].filter(Boolean).join(" · ");
  return (
    <section class="contact-share" aria-label={t("card.label", { name })}>
      <header>
        <Icon name="card" />
        <div>
          <strong>{name}</strong>
          {org && <div class="muted small">{org}</div>}
        </div>
      </header>
      <dl>
        {(c.phones ?? []).map((p) => (
          <>
            <dt>{p.type ? `${t("field.phone")} (${p.type.toLowerCase()})` : t("field.phone")}</dt>
            <dd>
              <a href={"tel:" + p.value.replace(/[^+\d]/g, "")}>{p.value}</a>
            </dd>
          </>
        ))}
        {(c.emails ?? []).map((e) => (
          <>
            <dt>{t("field.email")}</dt>
            <dd>
              <a href={"mailto:" + e.value}>{e.value}</a>
            </dd>
          </>
        ))}
        {(c.addresses ?? []).map((a) => (
          <>
            <dt>{t("card.address")}</dt>
            <dd>{[a.street, a.city, a.state, a.zip, a.country].filter(Boolean).join(", ")}</dd>
          </>
        ))}
        {(c.urls ?? []).map((u) => (
          <>
            <dt>{t("card.web")}</dt>
            <dd>
              {safeURL(u.value) ? (
                <a href={safeURL(u.value)!} target="_blank" rel="noopener noreferrer">
                  {u.value}
                </a>
              ) : (
                u.value
              )}
            </dd>
          </>
        ))}
        {c.birthday && (
          <>
            <dt>{t("card.birthday")}</dt>
            <dd>{c.birthday}</dd>
          </>
        )}
      </dl>
      {owner && (
        <button class="ghost" onClick={() => setOpen(true)}>
          {t("card.open", { name: owner.name || name })}
        </button>
      )}
      {owner === null && ids.length > 0 && (
        <button class="primary" onClick={() => void add()}>
          {t("card.add")}
        </button>
      )}
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      {open && owner && <ContactPeek contact={owner} onClose={() => setOpen(false)} />}
    </section>
  );
}

/** A contact at a glance, with links to the conversations of theirs the agent may see. */
function ContactPeek(props: { contact: Contact; onClose: () => void }) {
  const c = props.contact;
  const [convs, setConvs] = useState<Conversation[] | null>(null);
  useEffect(() => {
    get<Page<Conversation>>("/conversations" + query({ view: "all", contact_id: c.id, limit: 20 }))
      .then((p) => setConvs(p.items))
      .catch(() => setConvs([]));
  }, [c.id]);
  return (
    <Modal title={contactName(c)} onClose={props.onClose}>
      <ul class="identities">
        {c.identities.map((i) => (
          <li>
            <ChannelIcon kind={i.kind} /> <span>{i.external_id}</span>
          </li>
        ))}
      </ul>
      <h4>{t("contact.conversations")}</h4>
      {convs && convs.length === 0 && <p class="muted">{t("card.noConversations")}</p>}
      <ul class="history">
        {(convs ?? []).map((h) => (
          <li>
            <a href={`/inbox/${h.id}`} onClick={props.onClose}>
              <ChannelIcon kind={h.channel} /> <span class="history-preview">{h.last_message_preview || h.subject || "…"}</span>
            </a>
          </li>
        ))}
      </ul>
    </Modal>
  );
}
