// Web chat in the agents' interface: showing that the visitor is typing (an ephemeral
// conversation.typing event), and the visitor's browser in the contact panel.
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { t } from "../i18n";
import { onEvent } from "../stream";

/** "Name is typing…" while the customer types in the conversation. */
export function TypingNote(props: { id: number }) {
  const [who, setWho] = useState("");
  useEffect(() => {
    setWho("");
    let timer: ReturnType<typeof setTimeout> | undefined;
    const off = onEvent((e) => {
      if (e.conversation_id !== props.id) return;
      if (e.type === "conversation.typing") {
        clearTimeout(timer);
        setWho(e.data?.on ? e.data.name || "…" : "");
        timer = setTimeout(() => setWho(""), 6000);
      } else if (e.type === "message.created" && e.data?.direction === "incoming") setWho("");
    });
    return () => {
      clearTimeout(timer);
      off();
    };
  }, [props.id]);
  return who ? <p class="typing-note" role="status">{t("webchat.typing", { name: who })}</p> : null;
}

interface Visit { page: string; referrer: string; browser: string; os: string; language: string; time_zone: string; user_id: string }

/** The web chat visitor's latest visit: page, referrer, browser, OS, language, time zone. */
export function Visits(props: { contactId: number }) {
  const [v, setV] = useState<Visit | null>(null);
  useEffect(() => {
    setV(null);
    get<{ items: Visit[] }>(`/contacts/${props.contactId}/visitors`).then((r) => setV(r.items[0] || null), () => {});
  }, [props.contactId]);
  if (!v) return null;
  const rows: [string, string][] = [
    [t("webchat.page"), v.page], [t("webchat.referrer"), v.referrer], [t("webchat.browser"), v.browser],
    [t("webchat.os"), v.os], [t("webchat.language"), v.language], [t("webchat.timeZone"), v.time_zone],
  ];
  return (
    <section class="visit" aria-label={t("webchat.visit")}>
      <h4>{t("webchat.visit")}</h4>
      {v.user_id && <p class="muted">{t("webchat.verified", { id: v.user_id })}</p>}
      <dl class="contact-details">
        {rows.filter((r) => r[1]).map(([k, val]) => [<dt key={k}>{k}</dt>, <dd key={k + "v"}>{val}</dd>])}
      </dl>
    </section>
  );
}

/** The quick replies a reply offered the customer (web chat shows them as buttons). */
export function QuickReplies(props: { items: string[] }) {
  return (
    <ul class="quick-replies" aria-label={t("wcflows.quickReplies")}>
      {props.items.map((q) => (
        <li key={q}>{q}</li>
      ))}
    </ul>
  );
}

/** The customer's rating of the conversation, in the contact panel. */
export function Rating(props: { csat: { rating: number; comment: string } }) {
  const r = props.csat;
  return (
    <section class="csat" aria-label={t("wcflows.csatTitle")}>
      <h4>{t("wcflows.csatTitle")}</h4>
      <p class="csat-stars" title={t("wcflows.csatStars", { rating: String(r.rating) })}>
        {"★".repeat(r.rating)}
        <span class="muted">{"★".repeat(5 - r.rating)}</span> {t("wcflows.csatStars", { rating: String(r.rating) })}
      </p>
      {r.comment && <blockquote class="quote">{r.comment}</blockquote>}
    </section>
  );
}
