// Contacts' custom attributes as their definitions say: typed rows on the contact panel, typed
// inputs in the contact form, and the address book's attribute filter. Keys without a
// definition are shown and edited raw, as before.
import { signal } from "@preact/signals";
import { useEffect, useState } from "preact/hooks";
import { get } from "../api";
import { language, t } from "../i18n";
import { setParams } from "../router";
import { onEvent } from "../stream";

import { Field } from "../ui";

export type AttributeType = "text" | "number" | "date" | "list" | "checkbox" | "link";
export const attributeTypes: AttributeType[] = ["text", "number", "date", "list", "checkbox", "link"];

/** switchboard.ContactAttribute: one definition. */
export type ContactAttribute = {
  id: number;
  key: string;
  label: string;
  type: AttributeType;
  options: string[];
  description: string;
  position: number;
};

/** Every definition, in their order; null until first loaded. */
export const attributeDefs = signal<ContactAttribute[] | null>(null);

let loading: Promise<void> | null = null;

/** Loads the definitions (again). */
export function loadAttributeDefs(): Promise<void> {
  loading = get<{ items: ContactAttribute[] }>("/contact-attributes")
    .then((r) => {
      attributeDefs.value = r.items;
    })
    .catch(() => {
      attributeDefs.value ??= [];
    });
  return loading;
}

onEvent((e) => {
  if (e.type === "contact_attribute.changed" && attributeDefs.value !== null) void loadAttributeDefs();
});

/** The definitions, loading them the first time a component needs them. */
export function useAttributeDefs(): ContactAttribute[] {
  useEffect(() => {
    if (attributeDefs.value === null && !loading) void loadAttributeDefs();
  }, []);
  return attributeDefs.value ?? [];
}

const raw = (v: unknown) => (typeof v === "string" ? v : JSON.stringify(v));

/** Whether v is a value of the definition's type (else it is shown raw). */
function fits(d: ContactAttribute, v: unknown): boolean {
  switch (d.type) {
    case "number":
      return typeof v === "number";
    case "checkbox":
      return typeof v === "boolean";
    case "date":
      return typeof v === "string" && /^\d{4}-\d{2}-\d{2}$/.test(v);
    case "link":
      return typeof v === "string" && /^https?:\/\//i.test(v);
    default:
      return typeof v === "string";
  }
}

function Value(props: { def: ContactAttribute; value: unknown }) {
  const { def: d, value: v } = props;
  if (!fits(d, v)) return <>{raw(v)}</>;
  switch (d.type) {
    case "checkbox":
      return <>{v ? t("attrs.yes") : t("attrs.no")}</>;
    case "date": {
      const [y, m, day] = (v as string).split("-").map(Number);
      return <time dateTime={v as string}>{new Intl.DateTimeFormat(language.value, { dateStyle: "medium", timeZone: "UTC" }).format(Date.UTC(y, m - 1, day))}</time>;
    }
    case "number":
      return <>{new Intl.NumberFormat(language.value, { maximumFractionDigits: 20 }).format(v as number)}</>;
    case "link":
      return (
        <a href={v as string} target="_blank" rel="noopener noreferrer">
          {v as string}
        </a>
      );
    default:
      return <>{v as string}</>;
  }
}

/** The contact panel's rows (dt, dd) of a contact's attributes: the defined ones set, by their
 * label in their order, then the others raw by key. */
export function AttributeRows(props: { attributes: Record<string, unknown> | null }) {
  const defs = useAttributeDefs();
  const attrs = props.attributes ?? {};
  const defined = new Set(defs.map((d) => d.key));
  const has = (k: string) => attrs[k] !== undefined && attrs[k] !== null && attrs[k] !== "";
  return (
    <>
      {defs
        .filter((d) => has(d.key))
        .map((d) => (
          <>
            <dt title={d.description || d.key}>{d.label}</dt>
            <dd data-attr={d.key}>
              <Value def={d} value={attrs[d.key]} />
            </dd>
          </>
        ))}
      {Object.entries(attrs)
        .filter(([k]) => !defined.has(k))
        .map(([k, v]) => (
          <>
            <dt>{k}</dt>
            <dd data-attr={k}>{raw(v)}</dd>
          </>
        ))}
    </>
  );
}

/** The contact form's typed inputs: values holds each defined key's input as text ("" unset,
 * "true"/"false" for a checkbox); defines tells the form which keys it leaves to them; merge
 * writes the typed values into the attributes the form sends. */
export function useTypedAttributes(initial: Record<string, unknown> | null) {
  const defs = useAttributeDefs();
  const [values, setValues] = useState<Record<string, string>>(() =>
    Object.fromEntries(Object.entries(initial ?? {}).map(([k, v]) => [k, v === null || v === undefined ? "" : raw(v)])),
  );
  const defines = (k: string) => defs.some((d) => d.key === k);
  const merge = (out: Record<string, unknown>) => {
    for (const d of defs) {
      const s = (values[d.key] ?? "").trim();
      if (s === "") continue;
      const orig = initial?.[d.key];
      if (orig !== undefined && raw(orig) === s) out[d.key] = orig; // kept as it was
      else if (d.type === "number" && s !== "" && !Number.isNaN(Number(s))) out[d.key] = Number(s);
      else if (d.type === "checkbox") out[d.key] = s === "true";
      else out[d.key] = s;
    }
    return out;
  };
  const inputs = (errors?: Record<string, string>) => (
    <>
      {defs.map((d) => {
        const v = values[d.key] ?? "";
        const set = (x: string) => setValues({ ...values, [d.key]: x });
        const onInput = (e: Event) => set((e.currentTarget as HTMLInputElement).value);
        const id = "attr-" + d.key;
        let input;
        switch (d.type) {
          case "checkbox":
            input = <input id={id} name={id} type="checkbox" checked={v === "true"} onChange={(e) => set(e.currentTarget.checked ? "true" : "false")} />;
            break;
          case "list":
            input = (
              <select id={id} name={id} value={v} onChange={onInput}>
                <option value="">—</option>
                {!d.options.includes(v) && v !== "" && <option value={v}>{v}</option>}
                {d.options.map((o) => (
                  <option value={o}>{o}</option>
                ))}
              </select>
            );
            break;
          case "number":
            input = <input id={id} name={id} type="number" step="any" value={v} onInput={onInput} />;
            break;
          case "date":
            input = <input id={id} name={id} type="date" value={v} onInput={onInput} />;
            break;
          case "link":
            input = <input id={id} name={id} type="url" placeholder="https://" value={v} onInput={onInput} />;
            break;
          default:
            input = <input id={id} name={id} maxLength={1000} value={v} onInput={onInput} />;
        }
        return (
          <Field label={d.label} error={errors?.["attributes." + d.key]} hint={d.description || undefined}>
            {input}
          </Field>
        );
      })}
    </>
  );
  return { defines, merge, inputs };
}

/** The import mapping's options of the defined attributes: a column mapped to one is read
 * into its type. */
export function AttributeTargets() {
  return (
    <>
      {useAttributeDefs().map((d) => (
        <option value={"attribute." + d.key}>{d.label}</option>
      ))}
    </>
  );
}

/** The address book's attribute filter: which attribute, and the value it must have (any value
 * when empty). Both are kept in the page's query (attr, attr_value). */
export function AttributeFilter(props: { attr?: string; value?: string }) {
  const defs = useAttributeDefs();
  const [text, setText] = useState(props.value ?? "");
  const def = defs.find((d) => d.key === props.attr);
  useEffect(() => setText(props.value ?? ""), [props.attr, props.value]);
  useEffect(() => {
    if (!props.attr || def?.type === "list" || def?.type === "checkbox" || text === (props.value ?? "")) return;
    const id = setTimeout(() => setParams({ attr_value: text.trim() || undefined }), 300);
    return () => clearTimeout(id);
  }, [text]);
  if (defs.length === 0 && !props.attr) return null;
  const setValue = (e: Event) => setParams({ attr_value: (e.currentTarget as HTMLSelectElement).value || undefined });
  return (
    <span class="attr-filter">
      <select aria-label={t("attrs.filter")} value={props.attr ?? ""} onChange={(e) => setParams({ attr: e.currentTarget.value || undefined, attr_value: undefined })}>
        <option value="">{t("attrs.anyAttribute")}</option>
        {defs.map((d) => (
          <option value={d.key}>{d.label}</option>
        ))}
        {props.attr && !def && <option value={props.attr}>{props.attr}</option>}
      </select>
      {props.attr &&
        (def?.type === "list" || def?.type === "checkbox" ? (
          <select aria-label={t("attrs.filterValue")} value={props.value ?? ""} onChange={setValue}>
            <option value="">{t("attrs.anyValue")}</option>
            {(def.type === "list" ? def.options : ["true", "false"]).map((o) => (
              <option value={o}>{def.type === "checkbox" ? (o === "true" ? t("attrs.yes") : t("attrs.no")) : o}</option>
            ))}
          </select>
        ) : (
          <input
            aria-label={t("attrs.filterValue")}
            placeholder={t("attrs.anyValue")}
            type={(def?.type === "date" ? "date" : def?.type === "number" ? "number" : "text") as "text"}
            value={text}
            onInput={(e) => setText(e.currentTarget.value)}
          />
        ))}
    </span>
  );
}
