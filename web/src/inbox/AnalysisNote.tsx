// The assistant's analysis of a customer turn, as its private note shows it in the thread: who
// made it (the built-in analysers or the endpoint's model), the turn's language, sentiment and
// urgency, the labels it suggests and the priority it recommends, each applied with one click
// through the usual routes, and the references the customer mentioned, each with a copy button.
import { useState } from "preact/hooks";
import { patch, post } from "../api";
import { language, t, type Key } from "../i18n";
import { labelByName } from "../state";
import type { Analysis, Conversation } from "../types";
import { CopyButton, LabelChip, problem } from "../ui";
import { languageName, providerName } from "./aiNames";
import { patchRow } from "./list";

export function AnalysisNote(props: { a: Analysis; conv?: Conversation | null }) {
  const { a, conv } = props;
  const [applied, setApplied] = useState<string[]>([]);
  const [err, setErr] = useState("");
  // The suggested labels: those the analysis scored and those its actions name, once each,
  // of the team's labels (a label deleted since is not offered).
  const suggested = [...new Set([...(a.labels ?? []).map((l) => l.label), ...(a.actions ?? []).filter((x) => x.kind === "apply_label").map((x) => x.value)])];
  const priority = (a.actions ?? []).find((x) => x.kind === "set_priority")?.value;
  const has = (l: string) => applied.includes(l.toLowerCase()) || !!conv?.labels.some((x) => x.toLowerCase() === l.toLowerCase());
  const act = async (run: () => Promise<Conversation>) => {
    setErr("");
    try {
      patchRow(await run());
    } catch (x) {
      setErr(problem(x).message);
      throw x;
    }
  };
  const apply = (l: string) =>
    act(() => post<Conversation>(`/conversations/${conv!.id}/labels`, { labels: [l] })).then(
      () => setApplied((x) => [...x, l.toLowerCase()]),
      () => undefined,
    );
  const setPriority = (p: string) => act(() => patch<Conversation>(`/conversations/${conv!.id}`, { priority: p })).catch(() => undefined);
  const refs = a.references ?? [];
  return (
    <section class="ai-note" aria-label={t("ai.noteBy", { provider: providerName(a.provider) })} data-testid="analysis-note">
      <header class="ai-note-head">
        <span class="ai-mark" aria-hidden="true">
          AI
        </span>
        <span>{t("ai.noteBy", { provider: providerName(a.provider) })}</span>
      </header>
      <ul class="ai-readings">
        <li class="ai-reading">
          <span class="ai-reading-name">{t("ai.language")}</span> {languageName(a.language)}
        </li>
        {a.sentiment && (
          <li class={"ai-reading sentiment-" + a.sentiment} data-testid="analysis-sentiment">
            <span class="ai-reading-name">{t("ai.sentiment")}</span> <span aria-hidden="true">{sentimentSign[a.sentiment]}</span> {t(("ai.sentiment." + a.sentiment) as Key)}
          </li>
        )}
        {a.urgency && (
          <li class={"ai-reading urgency-" + a.urgency} data-testid="analysis-urgency">
            <span class="ai-reading-name">{t("ai.urgency")}</span> {t(("ai.urgency." + a.urgency) as Key)}
          </li>
        )}
      </ul>
      {conv && suggested.length > 0 && (
        <div class="ai-row">
          <span class="ai-row-name">{t("ai.labels")}</span>
          <ul class="ai-items">
            {suggested.map((l) => (
              <li class="ai-item" data-testid="analysis-label">
                <LabelChip name={l} color={labelByName.value.get(l)?.color} />
                {has(l) ? (
                  <span class="ai-done">✓ {t("ai.applied")}</span>
                ) : (
                  <button type="button" class="ghost small" aria-label={t("ai.applyLabel", { label: l })} onClick={() => void apply(l)} data-testid="analysis-apply">
                    {t("ai.apply")}
                  </button>
                )}
              </li>
            ))}
          </ul>
        </div>
      )}
      {conv && priority && (
        <div class="ai-row">
          <span class="ai-row-name">{t("ai.actions")}</span>
          {conv.priority === priority ? (
            <span class="ai-done">✓ {t("ai.prioritySet", { priority: t(("priority." + priority) as Key) })}</span>
          ) : (
            <button type="button" class="ghost small" onClick={() => void setPriority(priority)} data-testid="analysis-priority">
              {t("ai.setPriority", { priority: t(("priority." + priority) as Key).toLocaleLowerCase(language.value) })}
            </button>
          )}
        </div>
      )}
      {refs.length > 0 && (
        <div class="ai-row">
          <span class="ai-row-name">{t("ai.references")}</span>
          <ul class="ai-items">
            {refs.map((r) => (
              <li class="ai-item ai-ref" data-testid="analysis-reference">
                <span class="ai-ref-kind">{kindName(r.kind)}</span>
                <code>{r.value}</code>
                {r.kind !== "card" && <CopyButton text={r.value} label={t("ai.copyRef", { kind: kindName(r.kind), value: r.value })} class="ghost small" />}
              </li>
            ))}
          </ul>
        </div>
      )}
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
    </section>
  );
}

/** A sign beside the sentiment's word, so it reads without its colour. */
const sentimentSign: Record<string, string> = { negative: "▼", neutral: "■", positive: "▲" };

const kindName = (k: string) => (`ai.ref.${k}` in refKeys ? t(`ai.ref.${k}` as Key) : k);
const refKeys = { "ai.ref.order": 1, "ai.ref.invoice": 1, "ai.ref.quote": 1, "ai.ref.tracking": 1, "ai.ref.ticket": 1, "ai.ref.amount": 1, "ai.ref.date": 1, "ai.ref.email": 1, "ai.ref.phone": 1, "ai.ref.iban": 1, "ai.ref.card": 1 };
