// Settings › AI assistant: the provider (the built-in offline analysers, or an OpenAI-compatible
// endpoint with its URL, write-only key, models, daily token budget and redaction), the features
// the workspace turns on, the translation engine, a test of the saved connection, and the
// endpoint's health. A lazy chunk, with its English texts (see addEnglish).
import { useEffect, useState } from "preact/hooks";
import { get, patch, post } from "../api";
import { addEnglish, longTime, t } from "../i18n";
import { assistantSettingsTexts } from "../i18n/en-assistant-settings";
import { loadAssistantFeatures, me } from "../state";
import { Field, problem } from "../ui";
import { FormError, Page, useForm } from "./crud";

addEnglish(assistantSettingsTexts); // this chunk's English texts

/** GET /api/v1/assistant. */
interface AssistantSettings {
  provider: "offline" | "openai";
  base_url: string;
  model: string;
  embedding_model: string;
  key_set: boolean;
  daily_token_budget: number;
  redact: boolean;
  analysis: boolean;
  copilot: boolean;
  translation: boolean;
  translation_engine: "assistant" | "libretranslate" | "apertium";
  libretranslate_url: string;
  libretranslate_key_set: boolean;
  apertium_pairs: string[] | null;
  tokens_today: number;
  last_error: string;
  last_error_at: string | null;
  last_success_at: string | null;
}

/** POST /api/v1/assistant/test. */
interface TestResult {
  ok: boolean;
  provider: string;
  model: string;
  error: string;
}

type Form = Omit<AssistantSettings, "key_set" | "libretranslate_key_set" | "apertium_pairs" | "tokens_today" | "last_error" | "last_error_at" | "last_success_at" | "daily_token_budget"> & {
  daily_token_budget: string;
  api_key: string;
  remove_key: boolean;
  libretranslate_key: string;
};

const formOf = (s: AssistantSettings): Form => ({
  provider: s.provider,
  base_url: s.base_url,
  model: s.model,
  embedding_model: s.embedding_model,
  daily_token_budget: String(s.daily_token_budget),
  redact: s.redact,
  analysis: s.analysis,
  copilot: s.copilot,
  translation: s.translation,
  translation_engine: s.translation_engine,
  libretranslate_url: s.libretranslate_url,
  api_key: "",
  remove_key: false,
  libretranslate_key: "",
});

const shownFields = ["provider", "base_url", "model", "embedding_model", "api_key", "daily_token_budget", "redact", "analysis", "copilot", "translation", "translation_engine", "libretranslate_url", "libretranslate_key"];

export function Assistant() {
  const [saved, setSaved] = useState<AssistantSettings | null>(null);
  const [msg, setMsg] = useState("");
  const { f, setF, set, err, setErr, busy, submit } = useForm<Form>(formOf({ provider: "offline", translation_engine: "assistant" } as AssistantSettings));
  const show = (s: AssistantSettings) => {
    setSaved(s);
    setF(formOf(s));
  };
  const load = () =>
    get<AssistantSettings>("/assistant")
      .then(show)
      .catch((x) => setErr(problem(x)));
  useEffect(() => void load(), []);
  const save = submit(async () => {
    setMsg("");
    const { api_key, remove_key, libretranslate_key, daily_token_budget, ...rest } = f;
    const body: Record<string, unknown> = { ...rest, translation_engine: engine, daily_token_budget: Number(daily_token_budget) || 0 };
    // The keys are write-only: a typed one replaces the kept one, Remove forgets it.
    if (api_key) body.api_key = api_key;
    else if (remove_key) body.api_key = "";
    if (libretranslate_key) body.libretranslate_key = libretranslate_key;
    show(await patch<AssistantSettings>("/assistant", body));
    setMsg(t("assistant.saved"));
    void loadAssistantFeatures();
  });
  const fe = (k: string) => err?.fields[k];
  const tz = me.value?.time_zone;
  const openai = f.provider === "openai";
  const pairs = saved?.apertium_pairs ?? [];
  // The built-in assistant does not translate: without an endpoint, its engine is not offered,
  // and a form that still names it takes Apertium when the server has it, else LibreTranslate.
  const engines = (["assistant", "libretranslate", "apertium"] as const).filter(
    (e) => (e !== "apertium" || pairs.length || f.translation_engine === e) && (e !== "assistant" || openai),
  );
  const engine = f.translation_engine === "assistant" && !openai ? (pairs.length ? "apertium" : "libretranslate") : f.translation_engine;
  const check = (k: "redact" | "analysis" | "copilot" | "translation", hint: string) => (
    <label class="check-option assistant-switch">
      <input type="checkbox" checked={f[k]} onChange={set(k)} data-testid={"assistant-" + k} />
      <span>
        <strong>{t(("assistant." + k) as "assistant.analysis")}</strong>
        <span class="field-hint">{hint}</span>
      </span>
    </label>
  );
  return (
    <Page title={t("settings.assistant")} intro={t("assistant.intro")}>
      {saved && (
        <form class="crm-settings assistant-settings" onSubmit={save}>
          <fieldset class="assistant-providers">
            <legend>
              <h2>{t("assistant.providerTitle")}</h2>
            </legend>
            {(["offline", "openai"] as const).map((p) => (
              <label class={"assistant-provider" + (f.provider === p ? " on" : "")}>
                <input type="radio" name="provider" value={p} checked={f.provider === p} onChange={() => setF({ ...f, provider: p })} data-testid={"assistant-provider-" + p} />
                <span>
                  <strong>{t(("assistant.provider." + p) as "assistant.provider.offline")}</strong>
                  <span class="field-hint">{t(("assistant.provider." + p + "Hint") as "assistant.provider.offlineHint")}</span>
                </span>
              </label>
            ))}
          </fieldset>
          {openai && (
            <>
              <Field label={t("assistant.baseURL")} hint={t("assistant.baseURLHint")} error={fe("base_url")}>
                <input type="url" value={f.base_url} onInput={set("base_url")} placeholder="https://api.openai.com/v1" maxLength={2000} spellcheck={false} data-testid="assistant-base-url" />
              </Field>
              <p class="field-hint assistant-ollama">{t("assistant.ollama")}</p>
              <Field label={t("assistant.apiKey")} hint={saved.key_set && !f.remove_key ? t("assistant.keySet") : t("assistant.keyNotSet")} error={fe("api_key")}>
                <span class="assistant-key">
                  <input
                    type="password"
                    value={f.api_key}
                    onInput={set("api_key")}
                    autocomplete="new-password"
                    placeholder={saved.key_set && !f.remove_key ? "••••••••" : ""}
                    maxLength={500}
                    data-testid="assistant-api-key"
                  />
                  {saved.key_set && !f.remove_key && (
                    <button type="button" class="ghost" onClick={() => setF({ ...f, api_key: "", remove_key: true })}>
                      {t("assistant.removeKey")}
                    </button>
                  )}
                </span>
              </Field>
              <Field label={t("assistant.model")} hint={t("assistant.modelHint")} error={fe("model")}>
                <input value={f.model} onInput={set("model")} placeholder="gpt-4o-mini" maxLength={200} spellcheck={false} data-testid="assistant-model" />
              </Field>
              <Field label={t("assistant.embeddingModel")} hint={t("assistant.embeddingModelHint")} error={fe("embedding_model")}>
                <input value={f.embedding_model} onInput={set("embedding_model")} placeholder="text-embedding-3-small" maxLength={200} spellcheck={false} />
              </Field>
              <Field label={t("assistant.budget")} hint={t("assistant.budgetHint")} error={fe("daily_token_budget")}>
                <input type="number" min="0" step="1000" value={f.daily_token_budget} onInput={set("daily_token_budget")} class="assistant-budget" />
              </Field>
              {check("redact", t("assistant.redactHint"))}
            </>
          )}
          <h2>{t("assistant.featuresTitle")}</h2>
          <p class="muted">{t("assistant.featuresHint")}</p>
          {check("analysis", t("assistant.analysisHint"))}
          {check("copilot", t("assistant.copilotHint"))}
          {check("translation", t("assistant.translationHint"))}
          {f.translation && (
            <div class="assistant-engine">
              <Field
                label={t("assistant.engine")}
                hint={engine === "assistant" ? t("assistant.engine.assistantHint") : undefined}
                error={fe("translation_engine")}
              >
                <select value={engine} onChange={set("translation_engine")} data-testid="assistant-engine">
                  {engines.map((e) => (
                    <option value={e}>{t(("assistant.engine." + e) as "assistant.engine.assistant")}</option>
                  ))}
                </select>
              </Field>
              {engine === "apertium" && pairs.length > 0 && <p class="field-hint">{t("assistant.apertiumPairs", { pairs: pairs.join(", ") })}</p>}
              {engine === "libretranslate" && (
                <>
                  <Field label={t("assistant.ltURL")} hint={t("assistant.ltURLHint")} error={fe("libretranslate_url")}>
                    <input type="url" value={f.libretranslate_url} onInput={set("libretranslate_url")} placeholder="https://translate.example.com" maxLength={2000} spellcheck={false} />
                  </Field>
                  <Field label={t("assistant.ltKey")} hint={saved.libretranslate_key_set ? t("assistant.keySet") : t("assistant.keyNotSet")} error={fe("libretranslate_key")}>
                    <input
                      type="password"
                      value={f.libretranslate_key}
                      onInput={set("libretranslate_key")}
                      autocomplete="new-password"
                      placeholder={saved.libretranslate_key_set ? "••••••••" : ""}
                      maxLength={500}
                    />
                  </Field>
                </>
              )}
            </div>
          )}
          <FormError err={err} shown={shownFields} />
          {msg && (
            <p class="settings-status" role="status">
              {msg}
            </p>
          )}
          <div class="form-actions">
            <button type="submit" class="primary" disabled={busy} data-testid="assistant-save">
              {t("action.save")}
            </button>
          </div>
        </form>
      )}
      {saved && (saved.provider === "openai" || (saved.translation && saved.translation_engine === "libretranslate")) && (
        <>
          <Test onDone={load} />
          <section class="assistant-health" aria-labelledby="assistant-health" role="status">
            <h2 id="assistant-health">{t("assistant.healthTitle")}</h2>
            <p>
              {saved.daily_token_budget
                ? t("assistant.tokensOf", { n: saved.tokens_today.toLocaleString(), budget: saved.daily_token_budget.toLocaleString() })
                : t("assistant.tokensToday", { n: saved.tokens_today.toLocaleString() })}
            </p>
            {saved.last_success_at && <p class="muted">{t("assistant.lastSuccess", { time: longTime(saved.last_success_at, tz) })}</p>}
            {saved.last_error && (
              <p class="crm-last-error">
                {t("assistant.lastError", { time: longTime(saved.last_error_at, tz) })} {saved.last_error}
              </p>
            )}
            {!saved.last_success_at && !saved.last_error && <p class="muted">{t("assistant.noCalls")}</p>}
          </section>
        </>
      )}
      {!saved && err && <FormError err={err} shown={[]} />}
    </Page>
  );
}

/** Makes one small call with the saved settings and says how it went. */
function Test(props: { onDone: () => void }) {
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<TestResult | null>(null);
  const [failed, setFailed] = useState("");
  const run = async () => {
    setBusy(true);
    setResult(null);
    setFailed("");
    try {
      setResult(await post<TestResult>("/assistant/test"));
      props.onDone();
    } catch (x) {
      setFailed(problem(x).message);
    } finally {
      setBusy(false);
    }
  };
  const name = result ? (result.model ? `${result.provider} · ${result.model}` : result.provider) : "";
  return (
    <section class="assistant-test" aria-label={t("assistant.test")}>
      <div class="assistant-test-row">
        <button class="ghost" onClick={() => void run()} disabled={busy} aria-busy={busy} data-testid="assistant-test">
          {t("assistant.test")}
        </button>
        <span class="field-hint">{t("assistant.testHint")}</span>
      </div>
      {(result || failed) && (
        <p class={result?.ok ? "assistant-test-ok" : "crm-last-error"} role="status" data-testid="assistant-test-result">
          {result?.ok ? t("assistant.testOK", { provider: name }) : t("assistant.testFailed", { error: result?.error || failed })}
        </p>
      )}
    </section>
  );
}
