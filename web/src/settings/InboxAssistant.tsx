// An inbox's "AI assistance" switches: each follows the workspace's (Settings › AI assistant),
// and turning one off keeps that feature away from the inbox. Only the features the workspace
// has on are offered.
import { t } from "../i18n";
import { assistantFeatures } from "../state";
import type { Inbox } from "../types";

export type InboxAssistant = NonNullable<Inbox["assistant"]>;

/** What an inbox follows when it never changed its switches: the workspace in everything. */
export const followWorkspace: InboxAssistant = { analysis: true, copilot: true, translation: true };

/** The switches of the workspace features that are on; nothing when none is. */
export function InboxAssistantFields(props: { value: InboxAssistant; onChange: (v: InboxAssistant) => void }) {
  const w = assistantFeatures.value;
  const on = {
    analysis: !!w?.analysis,
    copilot: !!(w?.copilot.summary || w?.copilot.suggest || w?.copilot.rewrite),
    translation: !!w?.translation.enabled,
  };
  const keys = (["analysis", "copilot", "translation"] as const).filter((k) => on[k]);
  if (!keys.length) return null;
  return (
    <fieldset class="check-group inbox-assistant" data-testid="inbox-assistant">
      <legend class="field-label">{t("ai.inbox.title")}</legend>
      <p class="field-hint">{t("ai.inbox.hint")}</p>
      <div class="check-options">
        {keys.map((k) => (
          <label class="check-option">
            <input type="checkbox" checked={props.value[k]} onChange={(e) => props.onChange({ ...props.value, [k]: e.currentTarget.checked })} data-testid={"inbox-ai-" + k} />
            <span>{t(("ai.inbox." + k) as "ai.inbox.analysis")}</span>
          </label>
        ))}
      </div>
    </fieldset>
  );
}
