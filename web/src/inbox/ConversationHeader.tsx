// The open conversation's header, one row at every width: the contact on the left (cut short
// with an ellipsis), then the bot's state when the inbox has a bot (with pause, resume and run
// now), the assignee, Resolve and Snooze, and More with the rest (flag,
// labels, print, mark unread, the status — open, pending, snoozed, resolved — and priority). On
// a phone Assign and Snooze move into More too, and below 900 px the Contact button opens the
// contact panel as a drawer.
import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import { del, get, patch, post, put } from "../api";
import { longTime, t } from "../i18n";
import { Icon } from "../icons";
import { agentById, agents, labelByName, me, teamById, teams } from "../state";
import type { Agent, Conversation, ConversationStatus, Priority } from "../types";
import { Avatar, LabelChip, Modal, problem } from "../ui";
import { contactDrawer } from "./ContactPanel";
import { LabelMenu } from "./LabelMenu";
import { mayApplySLA, SLAMenu, SLATimers } from "./SLATimers";
import { command } from "./Thread";
import { displayName } from "../contacts/names";

type Menu = "" | "assign" | "snooze" | "labels" | "sla" | "more" | "custom" | "bot";

export function Header(props: { conv: Conversation; onChange: (c: Conversation) => void }) {
  const c = props.conv;
  const [menu, setMenu] = useState<Menu>("");
  const [err, setErr] = useState("");
  const actions = useRef<HTMLDivElement>(null);
  const act = async (fn: () => Promise<Conversation>) => {
    setErr("");
    setMenu(""); // at once: a menu opened while the call runs must stay open
    try {
      props.onChange(await fn());
    } catch (e) {
      setErr(problem(e).message);
    }
  };
  useEffect(() => {
    const cmd = command.value;
    if (!cmd) return;
    if (cmd.name === "resolve") void act(() => post(`/conversations/${c.id}/${c.status === "resolved" ? "reopen" : "resolve"}`));
    if (cmd.name === "assign") setMenu("assign");
    if (cmd.name === "snooze") setMenu("snooze");
  }, [command.value]);
  // An open menu takes the focus (its first item), and closes on a click outside the actions.
  useLayoutEffect(() => {
    if (!menu || menu === "custom") return;
    shown(actions.current!.querySelectorAll<HTMLElement>(".menu button"))[0]?.focus();
    const outside = (e: MouseEvent) => actions.current?.contains(e.target as Node) || setMenu("");
    document.addEventListener("mousedown", outside);
    return () => document.removeEventListener("mousedown", outside);
  }, [menu]);
  // Escape closes a menu and gives the focus back to its button; the arrows move through it.
  const keys = (e: KeyboardEvent) => {
    if (!menu) return;
    const box = actions.current!;
    if (e.key === "Escape") {
      e.stopPropagation();
      const anchor = shown(box.querySelectorAll<HTMLElement>(`[data-menu="${menu}"], [data-menu="more"]`))[0];
      setMenu("");
      anchor?.focus();
      return;
    }
    if (e.target instanceof HTMLInputElement) return; // the new label's field keeps its arrows
    const items = shown(box.querySelectorAll<HTMLElement>(".menu > button"));
    const at = items.indexOf(document.activeElement as HTMLElement);
    const to = { ArrowDown: at + 1, ArrowUp: at - 1, Home: 0, End: items.length - 1 }[e.key];
    if (to === undefined || !items.length) return;
    e.preventDefault();
    items[(to + items.length) % items.length]!.focus();
  };
  // The assignee menu offers the agents who can see the conversation (the server refuses
  // others), asked each time it opens; their presence comes from the live list of agents.
  const [seers, setSeers] = useState<{ conv: number; ids: Set<number> } | null>(null);
  useEffect(() => {
    if (menu !== "assign") return;
    get<{ items: Agent[] }>(`/conversations/${c.id}/agents`)
      .then((r) => setSeers({ conv: c.id, ids: new Set(r.items.map((a) => a.id)) }))
      .catch(() => {});
  }, [menu, c.id]);
  const assignable = seers?.conv === c.id ? agents.value.filter((a) => seers.ids.has(a.id)) : [];
  const toggle = (m: Menu) => () => setMenu(menu === m ? "" : m);
  const assignee = c.assignee_id ? agentById.value.get(c.assignee_id) : undefined;
  const team = c.team_id ? teamById.value.get(c.team_id) : undefined;
  const unreadLabel = c.unread ? t("conv.markRead") : t("conv.markUnread");
  return (
    <header class="thread-head">
      <div class="thread-title">
        <Avatar name={c.contact_name} url={c.contact_avatar_url} seed={c.contact_id} size={32} channel={c.channel} />
        {/* Tapping the name opens the drawer too, where the Contact button shows (the keyboard has the button). */}
        <h2 onClick={openDrawer} title={displayName(c.contact_name, c.contact_handle)}>
          {displayName(c.contact_name, c.contact_handle)}
        </h2>
        {c.contact_name && c.contact_handle && <span class="muted handle">{c.contact_handle}</span>}
        <span class={"status-badge " + c.status}>{t(("status." + c.status) as any)}</span>
        {c.status !== "resolved" && <SLATimers sla={c.sla} />}
        {c.status === "snoozed" && c.snoozed_until && (
          <span class="muted until">{t("conv.snoozedUntil", { time: longTime(c.snoozed_until, me.value?.time_zone) })}</span>
        )}
        {c.labels.length > 0 && (
          <span class="thread-labels">
            {c.labels.map((l) => (
              <LabelChip
                name={l}
                color={labelByName.value.get(l)?.color}
                onRemove={() => void act(() => del(`/conversations/${c.id}/labels/${encodeURIComponent(l)}`))}
              />
            ))}
          </span>
        )}
      </div>
      <div class="thread-actions" ref={actions} onKeyDown={keys}>
        {c.bot && (
          // The bot's state in this conversation, when its inbox has a bot: pause, resume, run now.
          <div class="menu-anchor">
            <button
              class={"ghost bot-chip " + c.bot.state}
              data-menu="bot"
              data-testid="bot-chip"
              aria-haspopup="true"
              aria-expanded={menu === "bot"}
              title={t("bots.chip", { state: t(("bots.state." + c.bot.state) as any) })}
              onClick={toggle("bot")}
            >
              <span class="bot-dot" aria-hidden="true" />
              <span class="bot-chip-long">{t("bots.chip", { state: t(("bots.state." + c.bot.state) as any) })}</span>
              <span class="bot-chip-short" aria-hidden="true">
                {t("bots.menu")}
              </span>
            </button>
            {menu === "bot" && (
              <div class="menu" role="menu" aria-label={t("bots.menu")}>
                <button role="menuitem" onClick={() => void act(() => post(`/conversations/${c.id}/bot`, { action: c.bot?.state === "active" ? "pause" : "resume" }))}>
                  {c.bot.state === "active" ? t("bots.pause") : t("bots.resume")}
                </button>
                <button role="menuitem" title={t("bots.runHint")} onClick={() => void act(() => post(`/conversations/${c.id}/bot`, { action: "run" }))}>
                  {t("bots.run")}
                </button>
              </div>
            )}
          </div>
        )}
        <div class="menu-anchor phone-hide">
          <button
            class="ghost assignee"
            data-menu="assign"
            aria-haspopup="true"
            aria-expanded={menu === "assign"}
            title={(assignee ? assignee.name : t("conv.unassigned")) + (team ? ` · ${team.name}` : "")}
            onClick={toggle("assign")}
          >
            <Icon name="person" />
            <span class="btn-text">
              {assignee ? assignee.name : t("conv.unassigned")}
              {team ? ` · ${team.name}` : ""}
            </span>
          </button>
          {menu === "assign" && (
            <div class="menu" role="menu" aria-label={t("shortcut.assign")}>
              <button role="menuitem" onClick={() => void act(() => post(`/conversations/${c.id}/assign`, { agent_id: me.value!.id, team_id: c.team_id }))}>
                {t("conv.assignToMe")}
              </button>
              <button role="menuitem" onClick={() => void act(() => post(`/conversations/${c.id}/assign`, { agent_id: null, team_id: c.team_id }))}>
                {t("conv.unassign")}
              </button>
              <div class="menu-sep">{t("conv.agents")}</div>
              {assignable.map((a) => (
                <button role="menuitem" onClick={() => void act(() => post(`/conversations/${c.id}/assign`, { agent_id: a.id, team_id: c.team_id }))}>
                  <span class={"presence-dot inline " + a.presence} /> {a.name}
                </button>
              ))}
              {teams.value.length > 0 && <div class="menu-sep">{t("conv.teams")}</div>}
              {teams.value.map((tm) => (
                <button role="menuitem" onClick={() => void act(() => post(`/conversations/${c.id}/assign`, { agent_id: c.assignee_id, team_id: tm.id }))}>
                  {tm.name}
                </button>
              ))}
            </div>
          )}
        </div>
        {c.status === "resolved" ? (
          <button class="ghost" onClick={() => void act(() => post(`/conversations/${c.id}/reopen`))}>
            {t("conv.reopen")}
          </button>
        ) : (
          <button class="primary" onClick={() => void act(() => post(`/conversations/${c.id}/resolve`))}>
            <Icon name="check" /> {t("conv.resolve")}
          </button>
        )}
        <div class="menu-anchor phone-hide">
          <button class="ghost" data-menu="snooze" aria-haspopup="true" aria-expanded={menu === "snooze"} title={t("conv.snooze")} onClick={toggle("snooze")}>
            <Icon name="clock" /> <span class="btn-text">{t("conv.snooze")}</span>
          </button>
          {menu === "snooze" && (
            <div class="menu" role="menu" aria-label={t("conv.snooze")}>
              {(["1h", "2h", "4h", "tomorrow", "next_monday"] as const).map((p) => (
                <button role="menuitem" onClick={() => void act(() => post(`/conversations/${c.id}/snooze`, { preset: p }))}>
                  {t(("snooze." + p) as any)}
                </button>
              ))}
              <button role="menuitem" onClick={() => setMenu("custom")}>
                {t("snooze.custom")}
              </button>
            </div>
          )}
        </div>
        <div class="menu-anchor end">
          <button class="ghost" data-menu="more" aria-haspopup="menu" aria-expanded={menu === "more"} title={t("conv.more")} onClick={toggle("more")}>
            <span aria-hidden="true">⋯</span> <span class="btn-text">{t("conv.more")}</span>
          </button>
          {menu === "more" && (
            <div class="menu" role="menu" aria-label={t("conv.more")}>
              <button role="menuitem" class="phone-only" onClick={() => setMenu("assign")}>
                <Icon name="person" /> {t("shortcut.assign")}: {assignee ? assignee.name : t("conv.unassigned")}
              </button>
              <button role="menuitem" class="phone-only" onClick={() => setMenu("snooze")}>
                <Icon name="clock" /> {t("conv.snooze")}
              </button>
              <button role="menuitemcheckbox" aria-checked={c.flagged} onClick={() => void act(() => patch(`/conversations/${c.id}`, { flagged: !c.flagged }))}>
                <Icon name="flag" /> {t("conv.flag")}
                {c.flagged && <span aria-hidden="true"> ✓</span>}
              </button>
              <button role="menuitem" onClick={() => setMenu("labels")}>
                <Icon name="tag" /> {t("conv.labels")}
              </button>
              {mayApplySLA() && (
                <button role="menuitem" onClick={() => setMenu("sla")}>
                  <Icon name="clock" /> {t("sla.menu")}
                  {c.sla && `: ${c.sla.policy_name}`}
                </button>
              )}
              <button role="menuitem" onClick={() => (setMenu(""), void import("./Print").then((p) => p.printConversation(c)))}>
                <Icon name="print" /> {t("conv.print")}
              </button>
              <button
                role="menuitem"
                onClick={() => {
                  setMenu("");
                  void post(`/conversations/${c.id}/${c.unread ? "read" : "unread"}`).then(() => props.onChange({ ...c, unread: !c.unread }));
                }}
              >
                {unreadLabel}
              </button>
              <div class="menu-sep" role="presentation">
                {t("filter.status")}
              </div>
              {/* Each status by its action (the same status again changes nothing); snoozed by its own menu. */}
              {(["reopen", "pending", "snooze", "resolve"] as const).map((a) => (
                <button
                  role="menuitemradio"
                  aria-checked={c.status === statusOf[a]}
                  onClick={() => (a === "snooze" ? setMenu(a) : void act(() => post(`/conversations/${c.id}/${a}`)))}
                >
                  {t(("status." + statusOf[a]) as any)}
                  {c.status === statusOf[a] && <span aria-hidden="true"> ✓</span>}
                </button>
              ))}
              <div class="menu-sep" role="presentation">
                {t("conv.priority")}
              </div>
              {(["none", "low", "medium", "high", "urgent"] as const).map((p: Priority) => (
                <button role="menuitemradio" aria-checked={c.priority === p} onClick={() => void act(() => patch(`/conversations/${c.id}`, { priority: p }))}>
                  {t(("priority." + p) as any)}
                  {c.priority === p && <span aria-hidden="true"> ✓</span>}
                </button>
              ))}
            </div>
          )}
          {menu === "sla" && <SLAMenu conv={c} onPick={(id) => void act(() => put(`/conversations/${c.id}/sla`, { policy_id: id }))} />}
          {menu === "labels" && (
            <LabelMenu
              current={c.labels}
              label={t("conv.labels")}
              onAdd={async (n) => props.onChange(await post<Conversation>(`/conversations/${c.id}/labels`, { labels: [n] }))}
              onRemove={(n) => void act(() => del(`/conversations/${c.id}/labels/${encodeURIComponent(n)}`))}
            />
          )}
        </div>
        <button
          class="ghost contact-toggle"
          aria-expanded={contactDrawer.value}
          title={t("contact.title")}
          onClick={() => (contactDrawer.value = !contactDrawer.value)}
        >
          <Icon name="card" /> <span class="btn-text">{t("contact.title")}</span>
        </button>
      </div>
      {c.linked_conversation_id && (
        // A comment conversation and the direct one its private reply continued in, on a line of their own.
        <div class="thread-links">
          <a class="linked-chip" href={`/inbox/${c.linked_conversation_id}${location.search}`} data-testid="linked-conversation">
            <Icon name="reply" size={14} /> {t(c.kind === "comment" ? "comments.linkedDirect" : "comments.linkedComment")} <span aria-hidden="true">→</span>
          </a>
        </div>
      )}
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      {menu === "custom" && <CustomSnooze conv={c} onClose={() => setMenu("")} onDone={props.onChange} />}
    </header>
  );
}

/** The status each action of the More menu sets. */
const statusOf: Record<string, ConversationStatus> = { reopen: "open", pending: "pending", snooze: "snoozed", resolve: "resolved" };

/** Opens the contact drawer from the header, when the screen is narrow enough to have one. */
function openDrawer(e: MouseEvent) {
  const button = (e.currentTarget as HTMLElement).closest("header")?.querySelector<HTMLElement>(".contact-toggle");
  if (!button?.getClientRects().length) return;
  button.focus(); // where the focus goes back to
  contactDrawer.value = true;
}

/** The elements of a list that are on screen (a phone's items are hidden elsewhere). */
function shown(els: NodeListOf<HTMLElement>): HTMLElement[] {
  return [...els].filter((e) => e.getClientRects().length);
}

function CustomSnooze(props: { conv: Conversation; onClose: () => void; onDone: (c: Conversation) => void }) {
  const [at, setAt] = useState("");
  const [err, setErr] = useState("");
  return (
    <Modal title={t("snooze.customTitle")} onClose={props.onClose}>
      <form
        onSubmit={async (e) => {
          e.preventDefault();
          try {
            props.onDone(await post<Conversation>(`/conversations/${props.conv.id}/snooze`, { until: new Date(at).toISOString() }));
            props.onClose();
          } catch (x) {
            setErr(problem(x).message);
          }
        }}
      >
        <label class="field">
          <span class="field-label">{t("snooze.until")}</span>
          <input type="datetime-local" required value={at} onInput={(e) => setAt(e.currentTarget.value)} />
        </label>
        {err && <p class="form-error">{err}</p>}
        <button class="primary" type="submit">
          {t("conv.snooze")}
        </button>
      </form>
    </Modal>
  );
}
