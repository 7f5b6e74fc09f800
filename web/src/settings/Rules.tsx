// Settings › Rules: the workspace's automation rules in the order they run, each with its
// trigger in plain words, a switch to enable it, how often it ran, buttons to move it up or down,
// edit it, read its run log and delete it. A lazy chunk: only admins open it (sections.ts).
import { useEffect, useState } from "preact/hooks";
import { del, get, post, put } from "../api";
import { longTime, shortTime, t, type Key } from "../i18n";
import { me } from "../state";
import { onEvent } from "../stream";
import type { Rule, RuleRun } from "../types";
import { problem } from "../ui";
import { Confirm, LogPanel, Page, RowActions, Table, usePages } from "./crud";
import { bodyOf, RuleBuilder } from "./RuleBuilder";
import { blankRule, conditionCount, summary } from "./ruleModel";

/** "1 action", "3 actions": key names the plural, key + ".one" the singular. */
const count = (key: "rules.conditions" | "rules.actions" | "rules.runsN", n: number) => (n === 1 ? t(`${key}.one`) : t(key, { n }));

type Dialog = { kind: "edit"; rule: Rule } | { kind: "delete"; rule: Rule } | null;

export function Rules() {
  const [rules, setRules] = useState<Rule[] | null>(null);
  const [dialog, setDialog] = useState<Dialog>(null);
  const [log, setLog] = useState<number | null>(null);
  const [msg, setMsg] = useState("");
  const load = () =>
    get<{ items: Rule[] }>("/rules")
      .then((r) => setRules(r.items))
      .catch((x) => setMsg(problem(x).message));
  useEffect(() => {
    void load();
    return onEvent((e) => {
      if (e.type === "rule.changed" || e.type === "rule.executed") void load();
    });
  }, []);
  const act = async (fn: () => Promise<unknown>) => {
    setMsg("");
    try {
      await fn();
    } catch (x) {
      setMsg(problem(x).message);
    }
    await load();
  };
  const list = rules ?? [];
  const move = (n: number, by: number) => {
    const ids = list.map((r) => r.id);
    [ids[n], ids[n + by]] = [ids[n + by]!, ids[n]!];
    void act(async () => setRules((await post<{ items: Rule[] }>("/rules/order", { ids })).items));
  };
  const tz = me.value?.time_zone;
  const logged = list.find((r) => r.id === log);
  return (
    <Page title={t("settings.rules")} intro={t("rules.intro")} add={t("rules.add")} onAdd={() => setDialog({ kind: "edit", rule: blankRule() })}>
      {msg && (
        <p class="settings-status" role="alert">
          {msg}
        </p>
      )}
      {rules && (
        <Table caption={t("settings.rules")} heads={["#", t("rules.name"), t("rules.when"), t("rules.enabled"), t("rules.runs")]} empty={t("rules.empty")} count={list.length}>
          {list.map((r, n) => (
            <tr class={"rule-item" + (r.enabled ? "" : " off")} data-testid="rule-item">
              <td class="rule-pos">
                <span>{n + 1}</span>
                <span class="rule-order">
                  <button class="icon" aria-label={t("rules.moveUpOf", { name: r.name })} title={t("rules.moveUp")} disabled={n === 0} onClick={() => move(n, -1)}>
                    ↑
                  </button>
                  <button class="icon" aria-label={t("rules.moveDownOf", { name: r.name })} title={t("rules.moveDown")} disabled={n === list.length - 1} onClick={() => move(n, 1)}>
                    ↓
                  </button>
                </span>
              </td>
              <td class="wrap">
                <strong>{r.name}</strong>
                {r.stop_processing && <div class="muted">{t("rules.stops")}</div>}
              </td>
              <td class="wrap">
                <div>{summary(r.when)}</div>
                <div class="muted">
                  {count("rules.conditions", conditionCount(r.if))} · {count("rules.actions", r.then.length)}
                </div>
              </td>
              <td class="rule-state">
                <label class="rule-switch">
                  <input
                    type="checkbox"
                    role="switch"
                    checked={r.enabled}
                    aria-label={t("rules.enabledOf", { name: r.name })}
                    onChange={(e) => void act(() => put(`/rules/${r.id}`, { ...bodyOf(r), enabled: e.currentTarget.checked }))}
                  />
                  <span>{r.enabled ? t("rules.on") : t("rules.off")}</span>
                </label>
              </td>
              <td class="rule-count">
                <div>{count("rules.runsN", r.runs)}</div>
                <div class="muted" title={longTime(r.last_run_at, tz)}>
                  {r.last_run_at ? t("rules.lastRun", { time: shortTime(r.last_run_at, tz) }) : t("rules.never")}
                </div>
              </td>
              <td>
                <RowActions
                  name={r.name}
                  actions={[
                    { label: t("action.edit"), onClick: () => setDialog({ kind: "edit", rule: r }) },
                    { label: t("rules.log"), onClick: () => setLog(r.id) },
                    { label: t("action.delete"), danger: true, onClick: () => setDialog({ kind: "delete", rule: r }) },
                  ]}
                />
              </td>
            </tr>
          ))}
        </Table>
      )}
      {logged && <RunLog rule={logged} onClose={() => setLog(null)} />}
      {dialog?.kind === "edit" && (
        <RuleBuilder
          rule={dialog.rule}
          onClose={() => setDialog(null)}
          onSaved={() => {
            setDialog(null);
            void load();
          }}
        />
      )}
      {dialog?.kind === "delete" && (
        <Confirm
          title={t("rules.deleteTitle")}
          message={t("rules.deleteMessage", { name: dialog.rule.name })}
          confirm={t("action.delete")}
          onConfirm={async () => {
            await del(`/rules/${dialog.rule.id}`);
            if (log === dialog.rule.id) setLog(null);
            setDialog(null);
            await load();
          }}
          onClose={() => setDialog(null)}
        />
      )}
    </Page>
  );
}

/** A rule's runs, newest first, page by page, with what each action did. */
function RunLog(props: { rule: Rule; onClose: () => void }) {
  const pages = usePages<RuleRun>(`/rules/${props.rule.id}/runs`);
  // Reloaded when the rule runs again (its count and last run change).
  useEffect(() => void pages.load(), [props.rule.id, props.rule.runs, props.rule.last_run_at]);
  const tz = me.value?.time_zone;
  return (
    <LogPanel
      id="rule-log-title"
      class="rule-log"
      title={t("rules.log.title", { name: props.rule.name })}
      pages={pages}
      empty={t("rules.log.empty")}
      older={t("rules.log.older")}
      refresh={t("rules.log.refresh")}
      onClose={props.onClose}
    >
      <ul class="rule-runs">
        {pages.items.map((r) => (
          <li class="rule-run" data-testid="rule-run">
            <div class="rule-run-head">
              <span class={"status-badge rule-outcome-" + r.outcome}>{t(("rules.outcome." + r.outcome) as Key)}</span>
              <a href={`/inbox/${r.conversation_id}`}>{t("rules.log.conversation", { id: r.conversation_id })}</a>
              <span class="muted">{longTime(r.created_at, tz)}</span>
            </div>
            {!!r.actions?.length && (
              <ol class="rule-run-actions">
                {r.actions.map((a) => (
                  <li>
                    <span class={"rule-action-outcome " + a.outcome}>{t(("rules.actionOutcome." + a.outcome) as Key)}</span> {t(("rules.do." + a.type) as Key)}
                    {a.detail && <span class="muted"> · {a.detail}</span>}
                  </li>
                ))}
              </ol>
            )}
          </li>
        ))}
      </ul>
    </LogPanel>
  );
}
