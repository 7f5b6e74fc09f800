// The inbox screen: the conversation list, the open conversation's thread and composer, and the
// contact panel. The URL holds the open conversation (/inbox/42) and the list's filters.
import { useEffect, useState } from "preact/hooks";
import { t } from "../i18n";
import { navigate, params, path, search } from "../router";
import { me } from "../state";
import type { Conversation } from "../types";
import { BlockedBanner } from "./ContactBlock";
import { ContactPane, ContactPanel, contactDrawer } from "./ContactPanel";
import { ConversationList } from "./ConversationList";
import { filtersFrom, load, loading, rows, setMe, watch } from "./list";
import { Thread } from "./Thread";
import { FirstRun } from "./FirstRun";

/** The id of the open conversation, from the path. */
export function openId(): number | null {
  const m = /^\/inbox\/(\d+)/.exec(path.value);
  return m ? Number(m[1]) : null;
}

/** Opens the conversation step rows after (or before) the open one, for j and k. */
export function step(by: number) {
  const list = rows.value;
  if (!list.length) return;
  const i = list.findIndex((c) => c.id === openId());
  const next = list[Math.max(0, Math.min(list.length - 1, i < 0 ? 0 : i + by))]!;
  navigate(`/inbox/${next.id}${location.search}`, true);
}

export function Inbox() {
  const f = filtersFrom(params());
  const key = JSON.stringify(f);
  const id = openId();
  const [conv, setConv] = useState<Conversation | null>(null);
  useEffect(() => {
    setMe(me.value!.id);
    watch(f);
    void load(f);
  }, [key]);
  // The open conversation follows its row while the row is in the list; when the row leaves
  // (resolved while the list shows open ones) the conversation stays open as it was, so the
  // panels beside it keep their state.
  useEffect(() => setConv(rows.value.find((r) => r.id === id) ?? null), [id]);
  useEffect(() => {
    const c = rows.value.find((r) => r.id === id);
    if (c) setConv(c);
  }, [rows.value]);
  useEffect(() => void (contactDrawer.value = false), [id]); // the drawer closes with its conversation
  void search.value; // re-render when the query changes
  const pick = (
    <div class="no-selection">
      <p>{t("inbox.pick")}</p>
      <p class="muted">{t("inbox.shortcutsHint")}</p>
    </div>
  );
  return (
    <div class={"inbox" + (id ? " has-open" : "")}>
      <ConversationList filters={f} selected={id} />
      {id ? (
        <>
          <div class="thread-wrap">
            <button class="ghost back" onClick={() => navigate("/inbox" + location.search)}>
              <span aria-hidden="true">←</span> <span class="btn-text">{t("action.back")}</span>
            </button>
            {conv && <BlockedBanner contactId={conv.contact_id} />}
            <Thread id={id} onConv={setConv} />
          </div>
          {conv ? <ContactPanel conv={conv} /> : <ContactPane busy />}
        </>
      ) : rows.value.length || loading.value ? (
        pick
      ) : (
        <FirstRun pick={pick} />
      )}
    </div>
  );
}
