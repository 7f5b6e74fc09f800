// The left pane: views, filters and search over the conversations the agent may see, in a
// virtualised list that loads further pages as it scrolls.
import { signal } from "@preact/signals";
import type { ComponentType } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { post } from "../api";
import { shortTime, t, type Key } from "../i18n";
import { params, setParams } from "../router";
import { agents, assistantFeatures, channels, inboxes, labelByName, labels, me, teams } from "../state";
import type { Conversation } from "../types";
import { Avatar, LabelChip } from "../ui";
import { cursor, type Filters, load, loadError, loading, more, rows } from "./list";
import { prefetch } from "./prefetch";
import { Icon } from "../icons";
import { units, windowState } from "./WindowBar";
import { SearchBox, SearchResultsList } from "./Search";
import { dialectOf, unmarked } from "./Styled";
import { isComments, postKind } from "./posts";
import { SLATimers } from "./SLATimers";
import { displayName } from "../contacts/names";
import { languageName } from "./aiNames";

const rowHeight = 84;
const overscan = 8;

const views = ["mine", "unassigned", "all", "mentions"] as const;

export function ConversationList(props: { filters: Filters; selected: number | null }) {
  const f = props.filters;
  const [showFilters, setShowFilters] = useState(hasExtraFilters(f));
  const q = params().get("q") ?? "";
  return (
    <section class="list-pane" aria-label={t("list.title")}>
      <div class="list-head">
        <div class="tabs" role="tablist" aria-label={t("list.views")}>
          {views.map((v) => (
            <button
              role="tab"
              aria-selected={f.view === v}
              class={f.view === v ? "tab active" : "tab"}
              onClick={() => setParams({ view: v === "mine" ? undefined : v })}
            >
              {t(("view." + v) as any)}
            </button>
          ))}
        </div>
        <div class="list-search">
          <SearchBox q={q} />
          <NewConversation />
        </div>
        <div class="list-tools">
          <select
            aria-label={t("filter.status")}
            value={f.status}
            onChange={(e) => setParams({ status: e.currentTarget.value === "open" ? undefined : e.currentTarget.value })}
          >
            {["open", "pending", "snoozed", "resolved", "all"].map((s) => (
              <option value={s}>{t(("status." + s) as any)}</option>
            ))}
          </select>
          <select aria-label={t("filter.sort")} value={f.sort ?? "newest"} onChange={(e) => setParams({ sort: e.currentTarget.value === "newest" ? undefined : e.currentTarget.value })}>
            <option value="newest">{t("sort.newest")}</option>
            <option value="waiting">{t("sort.waiting")}</option>
          </select>
          <button class={"ghost" + (showFilters ? " on" : "")} aria-expanded={showFilters} onClick={() => setShowFilters(!showFilters)}>
            {t("filter.more")}
          </button>
          <button class="ghost" onClick={() => void markAllRead(f)} title={t("list.markAllRead")}>
            {t("list.markAllRead")}
          </button>
        </div>
        {showFilters && <FilterBar f={f} />}
      </div>
      {q ? <SearchResultsList q={q} /> : <Rows f={f} selected={props.selected} />}
    </section>
  );
}

/** Whether the "New conversation" dialog is open: its button, or the shortcut c. */
export const composing = signal(false);

type Dialog = ComponentType<{ onClose: () => void }>;
let dialog: Promise<Dialog> | null = null;

/** The "New conversation" button, and its dialog: a chunk of its own, fetched on first use. */
function NewConversation() {
  const [Dialog, setDialog] = useState<Dialog | null>(null);
  const open = composing.value;
  useEffect(() => {
    if (!open || Dialog) return;
    dialog ??= import("./NewConversation").then((m) => m.NewConversationDialog);
    dialog.then(
      (c) => setDialog(() => c),
      () => {
        dialog = null; // offline: try again next time
        composing.value = false;
      },
    );
  }, [open]);
  return (
    <>
      <button class="primary new-conv" aria-label={t("newconv.action")} title={t("newconv.action") + " (c)"} onClick={() => (composing.value = true)}>
        <Icon name="plus" size={16} />
        <span class="btn-text">{t("newconv.short")}</span>
      </button>
      {open && Dialog && <Dialog onClose={() => (composing.value = false)} />}
    </>
  );
}

function hasExtraFilters(f: Filters) {
  return !!(f.inbox_id || f.channel || f.label || f.assignee_id || f.team_id || f.since || f.until || f.last_replier || f.flagged || f.unread || f.sentiment || f.urgency || f.language);
}

async function markAllRead(f: Filters) {
  await post("/conversations/read-all");
  await load(f, true);
}

const sentiments = ["negative", "neutral", "positive"];
const urgencies = ["high", "normal", "low"];
/** The languages the built-in analysers read (the server's AssistantLanguages). */
const analysedLanguages = ["en", "it", "es", "fr", "pt"];

function FilterBar(props: { f: Filters }) {
  const f = props.f;
  const sel = (key: keyof Filters, label: string, options: [string, string][]) => (
    <label class="filter">
      <span>{label}</span>
      <select value={f[key] ?? ""} onChange={(e) => setParams({ [key]: e.currentTarget.value })}>
        <option value="">{t("filter.any")}</option>
        {options.map(([v, l]) => (
          <option value={v}>{l}</option>
        ))}
      </select>
    </label>
  );
  const channels = [...new Set(inboxes.value.map((i) => i.kind))];
  return (
    <div class="filter-bar">
      {sel("inbox_id", t("filter.inbox"), inboxes.value.map((i) => [String(i.id), i.name]))}
      {sel("channel", t("filter.channel"), channels.map((c) => [c, t(("channel." + c) as any)]))}
      {sel("label", t("filter.label"), labels.value.map((l) => [l.name, l.name]))}
      {sel("assignee_id", t("filter.assignee"), agents.value.map((a) => [String(a.id), a.name]))}
      {sel("team_id", t("filter.team"), teams.value.map((tm) => [String(tm.id), tm.name]))}
      {sel("last_replier", t("filter.lastReplier"), [
        ["customer", t("filter.customer")],
        ["agent", t("filter.agent")],
      ])}
      {sel("flagged", t("filter.flagged"), [
        ["true", t("filter.yes")],
        ["false", t("filter.no")],
      ])}
      {sel("unread", t("filter.unread"), [
        ["true", t("filter.yes")],
        ["false", t("filter.no")],
      ])}
      {/* The assistant's readings: offered while analysis is on, or while the URL asks for one. */}
      {(assistantFeatures.value?.analysis || f.sentiment || f.urgency || f.language) && (
        <>
          {sel("sentiment", t("filter.sentiment"), sentiments.map((x) => [x, t(("ai.sentiment." + x) as Key)]))}
          {sel("urgency", t("filter.urgency"), urgencies.map((x) => [x, t(("ai.urgency." + x) as Key)]))}
          {sel("language", t("filter.language"), [...new Set([...analysedLanguages, ...(f.language ? [f.language] : [])])].map((x) => [x, languageName(x)]))}
        </>
      )}
      <label class="filter">
        <span>{t("filter.since")}</span>
        <input type="date" value={f.since ?? ""} onChange={(e) => setParams({ since: e.currentTarget.value })} />
      </label>
      <label class="filter">
        <span>{t("filter.until")}</span>
        <input type="date" value={f.until ?? ""} onChange={(e) => setParams({ until: e.currentTarget.value })} />
      </label>
      <button
        class="ghost"
        onClick={() =>
          setParams({ inbox_id: "", channel: "", label: "", assignee_id: "", team_id: "", last_replier: "", flagged: "", unread: "", since: "", until: "", sentiment: "", urgency: "", language: "" })
        }
      >
        {t("filter.clear")}
      </button>
    </div>
  );
}

/** The rows, virtualised: only those in view (and a few around) are in the DOM. */
function Rows(props: { f: Filters; selected: number | null }) {
  const box = useRef<HTMLDivElement>(null);
  const [top, setTop] = useState(0);
  const [height, setHeight] = useState(800);
  useEffect(() => {
    const el = box.current!;
    const ro = new ResizeObserver(() => setHeight(el.clientHeight));
    ro.observe(el);
    return () => ro.disconnect();
  }, []);
  const list = rows.value;
  const onScroll = () => {
    const el = box.current!;
    setTop(el.scrollTop);
    if (el.scrollTop + el.clientHeight > el.scrollHeight - rowHeight * 10) void more(props.f);
  };
  // Keep the selected row in view when moving with j/k.
  useEffect(() => {
    const i = list.findIndex((c) => c.id === props.selected);
    const el = box.current;
    if (i < 0 || !el) return;
    const y = i * rowHeight;
    if (y < el.scrollTop) el.scrollTop = y;
    else if (y + rowHeight > el.scrollTop + el.clientHeight) el.scrollTop = y + rowHeight - el.clientHeight;
  }, [props.selected]);
  const first = Math.max(0, Math.floor(top / rowHeight) - overscan);
  const last = Math.min(list.length, Math.ceil((top + height) / rowHeight) + overscan);
  if (!list.length) {
    return (
      <div class="rows" ref={box}>
        {loadError.value ? (
          <p class="empty" role="alert">
            {loadError.value}
          </p>
        ) : (
          <p class="empty">{loading.value ? t("list.loading") : t("list.empty")}</p>
        )}
      </div>
    );
  }
  return (
    <div class="rows" ref={box} onScroll={onScroll} role="listbox" aria-label={t("list.title")} data-count={list.length}>
      <div style={{ height: `${list.length * rowHeight}px`, position: "relative" }}>
        {list.slice(first, last).map((c, i) => (
          <Row key={c.id} c={c} selected={c.id === props.selected} y={(first + i) * rowHeight} />
        ))}
      </div>
      {cursor.value && <div class="more" aria-busy={loading.value} />}
    </div>
  );
}

function Row(props: { c: Conversation; selected: boolean; y: number }) {
  const c = props.c;
  const name = displayName(c.contact_name, c.contact_handle);
  return (
    <a
      href={`/inbox/${c.id}${location.search}`}
      class={"row" + (props.selected ? " selected" : "") + (c.unread ? " unread" : "")}
      style={{ transform: `translateY(${props.y}px)`, height: `${rowHeight}px` }}
      role="option"
      aria-selected={props.selected}
      data-conversation={c.id}
      onPointerDown={(e) => e.button === 0 && !props.selected && prefetch(c.id)}
    >
      <Avatar name={c.contact_name} url={c.contact_avatar_url} seed={c.contact_id} size={36} channel={c.channel} />
      <div class="row-top">
        <span class="row-name">{name}</span>
        <span class="row-time">{shortTime(c.last_message_at ?? c.last_activity_at, me.value?.time_zone)}</span>
      </div>
      <div class="row-preview">
        {c.last_outbound_failed && (
          <span class="row-failed" role="img" aria-label={t("message.failed")} title={t("message.failed")}>
            !
          </span>
        )}
        {unmarked(c.last_message_preview, dialectOf(channels.value.get(c.channel)?.capabilities.formatting))}
      </div>
      <div class="row-bottom">
        {isComments(c) && (
          <span class="row-comment" title={c.post?.caption || undefined}>
            {t("comments.marker")}
            {c.post && ` · ${postKind(c.post)}`}
          </span>
        )}
        {c.status !== "open" && <span class={"status-badge " + c.status}>{t(("status." + c.status) as any)}</span>}
        {c.priority !== "none" && <span class={"row-priority " + c.priority}>{t(("priority." + c.priority) as any)}</span>}
        {c.status !== "resolved" && <RowWindow c={c} />}
        {c.status !== "resolved" && <SLATimers sla={c.sla} compact />}
        {(c.sentiment === "negative" || c.urgency === "high") && <RowReading c={c} />}
        {c.flagged && (
          <span class="flag" role="img" aria-label={t("conv.flagged")}>
            <Icon name="flag" size={14} />
          </span>
        )}
        {c.labels.slice(0, 3).map((l) => (
          <LabelChip name={l} color={labelByName.value.get(l)?.color} />
        ))}
        {c.unread && <span class="unread-dot" role="img" aria-label={t("conv.unread")} />}
      </div>
    </a>
  );
}

/** The assistant's reading of a row that asks for attention: a negative turn (▼), an urgent one (!). */
function RowReading(props: { c: Conversation }) {
  const c = props.c;
  const word = (kind: "sentiment" | "urgency", v = "") => (v ? t(`ai.${kind}.${v}` as Key) : "—");
  const words = t("ai.rowReading", { sentiment: word("sentiment", c.sentiment), urgency: word("urgency", c.urgency) }).toLocaleLowerCase();
  return (
    <span class={"row-reading" + (c.urgency === "high" ? " urgent" : "")} role="img" aria-label={words} title={words} data-testid="row-reading">
      {c.sentiment === "negative" && "▼"}
      {c.urgency === "high" && "!"}
    </span>
  );
}

/** Every half minute, for the window countdowns of the rows. */
const clock = signal(Date.now());
setInterval(() => (clock.value = Date.now()), 30_000);

/** How long the customer-service window stays open, on channels that have one ("5h left"). */
function RowWindow(props: { c: Conversation }) {
  const w = windowState(props.c, clock.value);
  if (w.kind === "none") return null;
  const h = Math.floor(w.left / 3600_000);
  const left = h >= 48 ? units(Math.floor(h / 24), "day") : h >= 1 ? units(h, "hour") : units(Math.ceil(w.left / 60_000), "minute");
  return (
    <span class={"row-window " + w.kind + (w.kind === "open" && w.left < 3600_000 ? " soon" : "")}>
      <Icon name="clock" size={12} />
      {w.kind === "open" ? t("row.windowLeft", { left }) : t("row.windowClosed")}
    </span>
  );
}
