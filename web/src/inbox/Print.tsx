// Printing a conversation: the whole transcript, not only the pages the thread has loaded. A
// sheet over the app fetches every page of messages, shows them with a header (contact, inbox,
// dates) and opens the browser's print dialog once all are here; printed, it is only the sheet.
import { render } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { get, query } from "../api";
import { language, longTime, t } from "../i18n";
import { inboxById, me } from "../state";
import type { Conversation, Message, MessagePage } from "../types";
import { ChannelIcon, channelName } from "../ui";
import { MessageView } from "./Thread";
import { displayName } from "../contacts/names";

/** Opens the print sheet of conversation c. */
export function printConversation(c: Conversation) {
  document.querySelector(".print-view")?.remove();
  const host = document.createElement("div");
  host.className = "print-view";
  document.body.append(host);
  const close = () => {
    render(null, host);
    host.remove();
    removeEventListener("afterprint", close);
  };
  addEventListener("afterprint", close);
  render(<Sheet c={c} onClose={close} />, host);
}

/** Every message of the conversation, oldest first, fetched a page at a time from the newest. */
async function transcript(id: number, progress: (n: number) => void): Promise<Message[]> {
  const pages: Message[][] = [];
  let before = "";
  let n = 0;
  do {
    const p = await get<MessagePage>(`/conversations/${id}/messages${query({ limit: 200, before: before || undefined })}`);
    pages.unshift(p.items);
    progress((n += p.items.length));
    before = p.prev_cursor;
  } while (before);
  return pages.flat();
}

function Sheet(props: { c: Conversation; onClose: () => void }) {
  const c = props.c;
  const [msgs, setMsgs] = useState<Message[] | null>(null);
  const [count, setCount] = useState(0);
  const [err, setErr] = useState("");
  useEffect(() => {
    transcript(c.id, setCount)
      .then(setMsgs)
      .catch((e) => setErr(e.message));
  }, [c.id]);
  // Printed once everything is laid out: after the next frame.
  useEffect(() => {
    if (msgs) requestAnimationFrame(() => setTimeout(() => window.print(), 0));
  }, [msgs]);
  // The sheet covers the app: the keyboard's focus goes onto it, and Escape closes it.
  const close = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    close.current?.focus();
    const esc = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    addEventListener("keydown", esc);
    return () => removeEventListener("keydown", esc);
  }, []);
  const tz = me.value?.time_zone;
  const day = (iso: string) => new Intl.DateTimeFormat(language.value, { dateStyle: "full", timeZone: tz || undefined }).format(new Date(iso));
  const inbox = inboxById.value.get(c.inbox_id);
  return (
    <div class="print-sheet" role="dialog" aria-modal="true" aria-label={t("conv.print")}>
      <div class="print-tools">
        <span class="muted" role="status">
          {err || (msgs ? t("print.ready", { n: msgs.length }) : t("print.loading", { n: count }))}
        </span>
        <button class="primary" disabled={!msgs} onClick={() => window.print()}>
          {t("conv.print")}
        </button>
        <button class="ghost" ref={close} onClick={props.onClose}>
          {t("action.close")}
        </button>
      </div>
      <header class="print-head">
        <h1>{displayName(c.contact_name, c.contact_handle)}</h1>
        <dl>
          {c.contact_name && c.contact_handle && (
            <>
              <dt>{t("contact.title")}</dt>
              <dd>{c.contact_handle}</dd>
            </>
          )}
          <dt>{t("filter.inbox")}</dt>
          <dd>
            <ChannelIcon kind={c.channel} /> {inbox?.name ?? channelName(c.channel)}
          </dd>
          {c.subject && (
            <>
              <dt>{t("email.subject")}</dt>
              <dd>{c.subject}</dd>
            </>
          )}
          <dt>{t("print.dates")}</dt>
          <dd>
            {longTime(c.created_at, tz)} – {longTime(c.last_message_at ?? c.last_activity_at, tz)}
          </dd>
          <dt>{t("filter.status")}</dt>
          <dd>{t(("status." + c.status) as any)}</dd>
          <dt>{t("print.printed")}</dt>
          <dd>{longTime(new Date().toISOString(), tz)}</dd>
        </dl>
      </header>
      <div class="print-messages" aria-busy={!msgs}>
        {msgs?.map((m, i) => {
          // The thread's bubbles say the time only: on paper each day gets a heading.
          const d = day(m.created_at);
          return (
            <>
              {(i === 0 || day(msgs[i - 1]!.created_at) !== d) && <h2 class="print-day">{d}</h2>}
              <MessageView m={m} onRetried={() => {}} />
            </>
          );
        })}
      </div>
    </div>
  );
}
