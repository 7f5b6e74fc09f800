// A contact's activity timeline (contact panel, address book): conversations started and
// resolved, addresses, labels, blocks, imports, merges and notes, newest first. Collapsed until
// opened; a few entries, then "Show more" a page at a time.
import { useEffect, useState } from "preact/hooks";
import { get, query } from "../api";
import { longTime, shortTime, t } from "../i18n";
import { me } from "../state";
import { onEvent } from "../stream";
import type { ChannelKind, ConversationStatus, Identity } from "../types";
import { ChannelIcon } from "../ui";

/** One entry of GET /api/v1/contacts/{id}/activity. */
export interface TimelineEntry {
  kind: string;
  at: string;
  actor_id?: number;
  actor_name?: string;
  conversation_id?: number;
  inbox_id?: number;
  inbox_name?: string;
  channel?: ChannelKind;
  status?: ConversationStatus;
  labels?: string[];
  identity?: Identity;
  rating?: number;
  note_id?: number;
  merge_id?: number;
  other_name?: string;
  text?: string;
}

const firstPage = 5;
const nextPage = 20;

export function ContactActivity(props: { contactId: number }) {
  const id = props.contactId;
  const [open, setOpen] = useState(false);
  const [items, setItems] = useState<TimelineEntry[] | null>(null);
  const [cursor, setCursor] = useState("");
  useEffect(() => {
    setItems(null);
    setCursor("");
    if (!open) return;
    let asked = 0;
    let timer: ReturnType<typeof setTimeout> | undefined;
    const load = () => {
      const n = ++asked;
      get<{ items: TimelineEntry[]; next_cursor: string }>(`/contacts/${id}/activity${query({ limit: firstPage })}`)
        .then((p) => {
          if (n !== asked) return;
          setItems(p.items);
          setCursor(p.next_cursor);
        })
        .catch(() => n === asked && setItems([]));
    };
    load();
    const off = onEvent((e) => {
      const mine =
        (e.type.startsWith("contact.") && (e.data?.contact_id === id || e.data?.id === id || e.data?.survivor_id === id || e.data?.other_id === id)) ||
        ((e.type === "conversation.created" || e.type === "conversation.status_changed" || e.type === "conversation.labels_changed") &&
          e.data?.contact_id === id);
      if (mine) {
        clearTimeout(timer);
        timer = setTimeout(load, 150); // once for a burst
      }
    });
    return () => {
      off();
      clearTimeout(timer);
    };
  }, [id, open]);
  const showMore = async () => {
    const p = await get<{ items: TimelineEntry[]; next_cursor: string }>(`/contacts/${id}/activity${query({ limit: nextPage, cursor })}`);
    setItems([...(items ?? []), ...p.items]);
    setCursor(p.next_cursor);
  };
  const tz = me.value?.time_zone;
  return (
    <details class="contact-activity" open={open} onToggle={(e) => setOpen(e.currentTarget.open)}>
      <summary>
        <h4>{t("timeline.title")}</h4>
      </summary>
      {items?.length === 0 && <p class="muted">{t("timeline.empty")}</p>}
      <ol class="timeline">
        {items?.map((e) => (
          <li class={"timeline-" + e.kind} data-testid="activity-entry">
            {e.channel ? <ChannelIcon kind={e.channel} /> : <span class="timeline-dot" aria-hidden="true" />}
            <span class="timeline-text">
              {e.conversation_id ? <a href={`/inbox/${e.conversation_id}${location.pathname.startsWith("/inbox") ? location.search : ""}`}>{describe(e)}</a> : describe(e)}
            </span>
            <time class="muted" dateTime={e.at} title={longTime(e.at, tz)}>
              {shortTime(e.at, tz)}
            </time>
          </li>
        ))}
      </ol>
      {cursor && (
        <button class="ghost small" onClick={() => void showMore()}>
          {t("timeline.more")}
        </button>
      )}
    </details>
  );
}

/** What an entry says, in the agent's language. */
function describe(e: TimelineEntry): string {
  const vars = {
    actor: e.actor_name || "Switchboard",
    inbox: e.inbox_name ?? "",
    labels: (e.labels ?? []).join(", "),
    address: e.identity?.external_id ?? "",
    other: e.other_name ?? "",
    rating: e.rating ?? 0,
    text: e.text ?? "",
  };
  switch (e.kind) {
    case "status_changed":
      if (e.status === "resolved") return t("timeline.resolved", vars);
      if (e.status === "open") return t("timeline.reopened", vars);
      return t("timeline.status", { ...vars, status: t(("status." + e.status) as any) });
    case "contact_labels":
      return vars.labels ? t("timeline.contact_labels", vars) : t("timeline.contact_labels_none", vars);
    case "conversation_started":
    case "labels_added":
    case "labels_removed":
    case "csat":
    case "identity_added":
    case "identity_removed":
    case "blocked":
    case "unblocked":
    case "imported":
    case "merged":
    case "unmerged":
    case "note_added":
      return t(("timeline." + e.kind) as any, vars);
  }
  return e.text || e.kind;
}
