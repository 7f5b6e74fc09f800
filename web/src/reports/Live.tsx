// Reports › Live: the team right now — conversations open and unassigned, those waiting longest
// for a reply (each opens the conversation), and every agent's presence and open conversations.
// Read again every 15 seconds while the page is visible. A presence the reports never saw
// change (since null) has no duration.
import { longTime, t, type Key } from "../i18n";
import { agentById, inboxById } from "../state";
import { dur, num } from "./format";
import { csvURL, type Live as LiveData } from "./model";
import { Card, DataTable } from "./parts";

/** The Live tab for an answer already loaded; now is when it was read (the server's clock). */
export function Live(props: { data: LiveData; tz?: string }) {
  const d = props.data;
  const now = Date.parse(d.at) || Date.now();
  const waiting = d.waiting ?? [];
  const agents = d.agents ?? [];
  return (
    <div class="report-live">
      <div class="kpis">
        <Card id="open" label={t("reports.live.open")} value={num(d.open)} />
        <Card id="unassigned" label={t("reports.live.unassigned")} value={num(d.unassigned)} />
        <Card id="online" label={t("reports.live.online")} value={num(agents.filter((a) => a.presence === "online").length)} />
      </div>
      <p class="muted report-prev" aria-live="polite">
        {t("reports.live.at", { at: longTime(d.at, props.tz) })}
      </p>
      <section class="report-figure" data-figure="waiting">
        <h2>{t("reports.live.waiting")}</h2>
        <DataTable
          id="waiting"
          caption={t("reports.live.waiting")}
          csv={csvURL("live", "", "waiting")}
          empty={!waiting.length}
          emptyText={t("reports.live.noneWaiting")}
          text={3}
          heads={[t("reports.live.contact"), t("reports.live.inbox"), t("reports.live.assignee"), t("reports.live.waitingFor")]}
        >
          {waiting.map((w) => (
            <tr data-conversation={w.conversation_id}>
              <th scope="row">
                <a href={`/inbox/${w.conversation_id}?view=all`}>{w.contact_name || `#${w.conversation_id}`}</a>
              </th>
              <td>{inboxById.value.get(w.inbox_id)?.name ?? `#${w.inbox_id}`}</td>
              <td>{w.assignee_id ? agentById.value.get(w.assignee_id)?.name ?? `#${w.assignee_id}` : t("reports.live.nobody")}</td>
              <td class="num">{dur((now - Date.parse(w.waiting_since)) / 1000)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
      <section class="report-figure" data-figure="agents">
        <h2>{t("reports.live.agents")}</h2>
        <DataTable
          id="agents"
          caption={t("reports.live.agents")}
          csv={csvURL("live", "", "agents")}
          empty={!agents.length}
          emptyText={t("reports.live.noAgents")}
          text={2}
          heads={[t("reports.agent"), t("reports.live.presence"), t("reports.live.since"), t("reports.live.load")]}
        >
          {agents.map((a) => (
            <tr data-agent={a.agent_id}>
              <th scope="row">{a.name}</th>
              <td>
                <span class={"presence-dot inline " + a.presence} aria-hidden="true" /> {t(("presence." + a.presence) as Key)}
              </td>
              <td class="num">{a.presence === "offline" || !a.since ? "—" : dur((now - Date.parse(a.since)) / 1000)}</td>
              <td class="num">{num(a.open)}</td>
            </tr>
          ))}
        </DataTable>
      </section>
    </div>
  );
}
