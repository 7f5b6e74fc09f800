// The small controls of the rule builder: a pick of several values shown as removable chips, a
// single pick from a list, a duration in minutes or hours, and the server's message for a field.
import { useState } from "preact/hooks";
import { t } from "../i18n";

/** A choice: the value the API takes and what the admin reads. */
export type Option = { value: string; label: string };

/** The server's message for one field, shown beside its control. */
export function FieldError(props: { text?: string }) {
  if (!props.text) return null;
  return (
    <span class="field-error" role="alert">
      {props.text}
    </span>
  );
}

/** Several values of options: the chosen ones as chips with a remove button, and a list to add one more. */
export function MultiPick(props: { label: string; options: Option[]; value: string[]; onChange: (v: string[]) => void; testid?: string }) {
  const name = (v: string) => props.options.find((o) => o.value === v)?.label ?? v;
  const rest = props.options.filter((o) => !props.value.includes(o.value));
  return (
    <div class="rule-multi" data-testid={props.testid}>
      {props.value.map((v) => (
        <span class="rule-chip">
          {name(v)}
          <button type="button" class="chip-x" aria-label={t("rules.removeValue", { name: name(v) })} onClick={() => props.onChange(props.value.filter((x) => x !== v))}>
            ×
          </button>
        </span>
      ))}
      {rest.length > 0 && (
        <select
          aria-label={props.label}
          value=""
          onChange={(e) => {
            const v = e.currentTarget.value;
            e.currentTarget.value = "";
            if (v) props.onChange([...props.value, v]);
          }}
        >
          <option value="">{props.value.length ? t("rules.addMore") : t("rules.pick")}</option>
          {rest.map((o) => (
            <option value={o.value}>{o.label}</option>
          ))}
        </select>
      )}
    </div>
  );
}

/** One value of options, with an empty first choice that asks for one. */
export function Pick(props: { label: string; options: Option[]; value: string; onChange: (v: string) => void; empty?: string; testid?: string }) {
  return (
    <select aria-label={props.label} value={props.value} onChange={(e) => props.onChange(e.currentTarget.value)} data-testid={props.testid}>
      <option value="">{props.empty ?? t("rules.pick")}</option>
      {props.options.map((o) => (
        <option value={o.value}>{o.label}</option>
      ))}
    </select>
  );
}

/** A number of minutes, typed in minutes or in hours as the admin prefers. */
export function Duration(props: { label: string; minutes: number | undefined; onChange: (m: number) => void; testid?: string }) {
  const m = props.minutes ?? 0;
  const [hours, setHours] = useState(m >= 60 && m % 60 === 0);
  const [text, setText] = useState(m ? String(hours ? m / 60 : m) : "");
  const change = (s: string, h: boolean) => {
    setText(s);
    setHours(h);
    const n = Number(s.replace(",", "."));
    props.onChange(s.trim() && Number.isFinite(n) ? Math.round(n * (h ? 60 : 1)) : 0);
  };
  return (
    <span class="rule-duration">
      <input
        type="number"
        min="1"
        step="any"
        inputMode="decimal"
        aria-label={props.label}
        value={text}
        onInput={(e) => change(e.currentTarget.value, hours)}
        data-testid={props.testid}
      />
      <select aria-label={t("rules.unit")} value={hours ? "h" : "m"} onChange={(e) => change(text, e.currentTarget.value === "h")}>
        <option value="m">{t("rules.unit.minutes")}</option>
        <option value="h">{t("rules.unit.hours")}</option>
      </select>
    </span>
  );
}
