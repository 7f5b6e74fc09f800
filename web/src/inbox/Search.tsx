// Search in the list's box: it runs as the agent types (a moment after the last key), over all
// history through the search API, and a newer query cancels the request of an older one, so
// results never arrive out of order. Enter searches at once; emptying the box returns to the view.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, query } from "../api";
import { shortTime, t } from "../i18n";
import { navigate, params, setParams } from "../router";
import { me } from "../state";
import type { Conversation, SearchResults } from "../types";
import { problem } from "../ui";
import { contactName, displayName } from "../contacts/names";

/** How long typing pauses before a search starts, in ms. */
const debounce = 250;

export function SearchBox(props: { q: string }) {
  const [v, setV] = useState(props.q);
  const timer = useRef<ReturnType<typeof setTimeout>>(undefined);
  useEffect(() => setV(props.q), [props.q]);
  useEffect(() => () => clearTimeout(timer.current), []);
  // The query goes into the URL: the first one adds a history entry, the next ones (more typing)
  // replace it, so Back returns to the view the search started from.
  const run = (q: string) => {
    clearTimeout(timer.current);
    setParams({ q: q.trim() }, params().has("q"));
  };
  return (
    <form
      class="search"
      role="search"
      onSubmit={(e) => {
        e.preventDefault();
        run(v);
      }}
    >
      <input
        type="search"
        placeholder={t("search.placeholder")}
        aria-label={t("search.label")}
        value={v}
        onInput={(e) => {
          const next = e.currentTarget.value;
          setV(next);
          clearTimeout(timer.current);
          if (!next.trim()) run("");
          else timer.current = setTimeout(() => run(next), debounce);
        }}
      />
    </form>
  );
}

export function SearchResultsList(props: { q: string }) {
  const [res, setRes] = useState<SearchResults | null>(null);
  const [err, setErr] = useState("");
  const [busy, setBusy] = useState(true);
  useEffect(() => {
    setErr("");
    setBusy(true);
    const ctl = new AbortController();
    get<SearchResults>("/search" + query({ q: props.q, limit: 50 }), ctl.signal)
      .then((r) => {
        setRes(r);
        setBusy(false);
      })
      .catch((e) => ctl.signal.aborted || setErr(problem(e).message));
    return () => ctl.abort();
  }, [props.q]);
  if (err) return <p class="empty">{err}</p>;
  // While a newer query runs the older results stay, dimmed, rather than flashing empty.
  const none = !res || (!res.contacts.length && !res.messages.length);
  if (none && busy) return <p class="empty" aria-busy="true">{t("search.searching")}</p>;
  if (none) return <p class="empty">{t("search.none", { q: props.q })}</p>;
  const openContact = async (id: number) => {
    const page = await get<{ items: Conversation[] }>("/conversations" + query({ view: "all", contact_id: id, limit: 1 }));
    if (page.items[0]) navigate(`/inbox/${page.items[0].id}${location.search}`);
  };
  return (
    <div class={"search-results" + (busy ? " stale" : "")} aria-busy={busy}>
      {res.contacts.length > 0 && <h3>{t("search.contacts")}</h3>}
      {res.contacts.map(({ contact }) => (
        <button class="hit" onClick={() => void openContact(contact.id)}>
          <strong>{contactName(contact)}</strong>
          <span class="muted">{[contact.phone, contact.email].filter(Boolean).join(" · ")}</span>
        </button>
      ))}
      {res.messages.length > 0 && <h3>{t("search.messages")}</h3>}
      {res.messages.map((m) => (
        <a class="hit" href={`/inbox/${m.conversation_id}${location.search}`}>
          <strong>{displayName(m.contact_name, m.contact_handle)}</strong>
          <span class="muted">{shortTime(m.created_at, me.value?.time_zone)}</span>
          <span class="snippet">{m.snippet}</span>
        </a>
      ))}
    </div>
  );
}
