// Building blocks shared by the settings pages: the page frame, form state with the server's
// field errors, dialogs for editing and confirming, a secret shown once with a copy button, and
// groups of checkboxes.
import type { ComponentChildren } from "preact";
import { useEffect, useRef, useState } from "preact/hooks";
import { del, get, query } from "../api";
import { t } from "../i18n";
import { CopyButton, Modal, problem } from "../ui";

export type Problem = { message: string; fields: Record<string, string> };

/** The time zones to offer, with a short fallback where the browser cannot list them. */
export const timeZones: string[] = (Intl as any).supportedValuesOf?.("timeZone") ?? [
  "UTC",
  "Europe/Rome",
  "Europe/Madrid",
  "Europe/Paris",
  "Europe/Lisbon",
  "America/New_York",
];

/** A settings page: its title, an optional button that adds something, and an intro. */
export function Page(props: { title: string; intro?: string; add?: string; onAdd?: () => void; children: ComponentChildren }) {
  return (
    <div class="settings-page">
      <div class="toolbar">
        <h1>{props.title}</h1>
        {props.add && (
          <button class="primary" onClick={props.onAdd}>
            {props.add}
          </button>
        )}
      </div>
      {props.intro && <p class="muted settings-intro">{props.intro}</p>}
      {props.children}
    </div>
  );
}

/** Form values with a setter per field, whether a save is running, and why the last one failed. */
export function useForm<T extends object>(initial: T) {
  const [f, setF] = useState<T>(initial);
  const [err, setErr] = useState<Problem | null>(null);
  const [busy, setBusy] = useState(false);
  /** An input handler that stores the field's value (or a checkbox's checked state). */
  const set = (k: keyof T) => (e: Event) => {
    const el = e.currentTarget as HTMLInputElement;
    const v = el.type === "checkbox" ? el.checked : el.value;
    setF((prev) => ({ ...prev, [k]: v }));
  };
  /** A submit handler that runs save and keeps its problem for the fields to show. */
  const submit = (save: () => Promise<unknown>) => async (e?: Event) => {
    e?.preventDefault();
    setBusy(true);
    setErr(null);
    try {
      await save();
    } catch (x) {
      setErr(problem(x));
    } finally {
      setBusy(false);
    }
  };
  return { f, setF, set, err, setErr, busy, submit };
}

/**
 * The message of a failed save, unless every problem is shown beside its field: shown lists the
 * fields the form displays, so a problem with any other field still reaches the admin.
 */
export function FormError(props: { err: Problem | null; shown: string[] }) {
  const err = props.err;
  if (!err) return null;
  const others = Object.entries(err.fields).filter(([k]) => !props.shown.includes(k));
  if (Object.keys(err.fields).length && !others.length) return null;
  return (
    <div class="form-error" role="alert">
      {err.message}
      {others.map(([k, v]) => (
        <div>
          {k}: {v}
        </div>
      ))}
    </div>
  );
}

/** A dialog holding a form, with Cancel and a submit button. */
export function FormModal(props: {
  title: string;
  onClose: () => void;
  onSubmit: (e: Event) => void;
  busy: boolean;
  submit?: string;
  wide?: boolean;
  children: ComponentChildren;
}) {
  const ref = useRef<HTMLFormElement>(null);
  // The dialog focuses its first control, the close button; start on the first field instead.
  // (This effect runs after the dialog's own.)
  useEffect(() => ref.current?.querySelector<HTMLElement>("input:not(:disabled), textarea, select")?.focus(), []);
  return (
    <Modal title={props.title} onClose={props.onClose} wide={props.wide}>
      <form onSubmit={props.onSubmit} ref={ref}>
        {props.children}
        <div class="form-actions">
          <button type="button" class="ghost" onClick={props.onClose}>
            {t("action.cancel")}
          </button>
          <button type="submit" class="primary" disabled={props.busy}>
            {props.submit ?? t("action.save")}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Asks before doing something that cannot be undone, and shows why it failed if it did. */
export function Confirm(props: { title: string; message: string; confirm: string; onConfirm: () => Promise<unknown>; onClose: () => void }) {
  const { err, busy, submit } = useForm({});
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <form onSubmit={submit(props.onConfirm)}>
        <p>{props.message}</p>
        <FormError err={err} shown={[]} />
        <div class="form-actions">
          <button type="button" class="ghost" onClick={props.onClose}>
            {t("action.cancel")}
          </button>
          <button type="submit" class="danger" disabled={busy}>
            {props.confirm}
          </button>
        </div>
      </form>
    </Modal>
  );
}

/** Asks before a DELETE of path, then reloads what lists it and closes. */
export function DeleteConfirm(props: { title: string; message: string; confirm?: string; path: string; reload: () => Promise<unknown>; onClose: () => void }) {
  return (
    <Confirm
      title={props.title}
      message={props.message}
      confirm={props.confirm ?? t("action.delete")}
      onConfirm={async () => {
        await del(props.path);
        await props.reload();
        props.onClose();
      }}
      onClose={props.onClose}
    />
  );
}

/** A secret (a token, a signing secret) that is shown now and never again. */
export function SecretModal(props: { title: string; secret: string; onClose: () => void }) {
  return (
    <Modal title={props.title} onClose={props.onClose}>
      <div class="secret-once">
        <p>{t("settings.secretOnce")}</p>
        <div class="secret-row">
          <code class="secret" aria-label={t("settings.secret")}>
            {props.secret}
          </code>
          <CopyButton text={props.secret} />
        </div>
        <div class="form-actions">
          <button class="primary" onClick={props.onClose}>
            {t("settings.done")}
          </button>
        </div>
      </div>
    </Modal>
  );
}

/** A group of checkboxes choosing some of options by id, with the server's message for it. */
export function CheckGroup<V extends string | number>(props: {
  legend: string;
  options: { value: V; label: ComponentChildren }[];
  value: V[];
  onChange: (v: V[]) => void;
  error?: string;
  hint?: string;
  empty?: string;
}) {
  const toggle = (v: V, on: boolean) => props.onChange(on ? [...props.value, v] : props.value.filter((x) => x !== v));
  return (
    <fieldset class="check-group">
      <legend class="field-label">{props.legend}</legend>
      {props.hint && <p class="field-hint">{props.hint}</p>}
      {!props.options.length && props.empty && <p class="muted">{props.empty}</p>}
      <div class="check-options">
        {props.options.map((o) => (
          <label class="check-option">
            <input type="checkbox" checked={props.value.includes(o.value)} onChange={(e) => toggle(o.value, e.currentTarget.checked)} />
            <span>{o.label}</span>
          </label>
        ))}
      </div>
      {props.error && (
        <span class="field-error" role="alert">
          {props.error}
        </span>
      )}
    </fieldset>
  );
}

/** The buttons of one table row; each names the row for screen readers. */
export function RowActions(props: { name: string; actions: ({ label: string; onClick: () => void; danger?: boolean } | false)[] }) {
  return (
    <div class={"row-actions" + (props.actions.filter(Boolean).length > 3 ? " many" : "")}>
      {props.actions.map(
        (a) =>
          a && (
            <button class={a.danger ? "danger" : "ghost"} aria-label={t("settings.actionOn", { action: a.label, name: props.name })} onClick={a.onClick}>
              {a.label}
            </button>
          ),
      )}
    </div>
  );
}

/** A table of items with its column headings, or a message when there are none. */
export function Table(props: { caption: string; heads: string[]; empty: string; count: number; children: ComponentChildren }) {
  if (!props.count) return <p class="empty">{props.empty}</p>;
  return (
    <table class="table settings-table">
      <caption class="sr-only">{props.caption}</caption>
      <thead>
        <tr>
          {props.heads.map((h) => (
            <th scope="col">{h}</th>
          ))}
          <th scope="col">
            <span class="sr-only">{t("settings.actions")}</span>
          </th>
        </tr>
      </thead>
      <tbody>{props.children}</tbody>
    </table>
  );
}

/** A list read page by page with a cursor (?cursor=&limit=), newest first: its items so far, the
 * next page's cursor ("" at the end), why the last read failed, and load ("" reloads the first). */
export function usePages<T>(path: string) {
  const [items, setItems] = useState<T[]>([]);
  const [next, setNext] = useState("");
  const [more, setMore] = useState(false); // pages after the first are loaded
  const [err, setErr] = useState("");
  const [loading, setLoading] = useState(true);
  const load = async (cursor = "") => {
    setLoading(true);
    try {
      const p = await get<{ items: T[]; next_cursor: string }>(path + query({ cursor, limit: 25 }));
      setItems((prev) => (cursor ? [...prev, ...p.items] : p.items));
      setNext(p.next_cursor);
      setMore(!!cursor);
      setErr("");
    } catch (x) {
      setErr(problem(x).message);
    } finally {
      setLoading(false);
    }
  };
  return { items, next, more, err, loading, load };
}

/** A panel of a paged log under a settings list: its title with Refresh and Close, why it could
 * not be read, the empty message, the entries, and a button for older ones. */
export function LogPanel<T>(props: {
  id: string;
  title: string;
  pages: ReturnType<typeof usePages<T>>;
  empty: string;
  older: string;
  refresh: string;
  onClose: () => void;
  class: string;
  children: ComponentChildren;
}) {
  const { items, next, err, loading, load } = props.pages;
  return (
    <section class={props.class} aria-labelledby={props.id} data-testid={props.class}>
      <div class="toolbar">
        <h2 id={props.id}>{props.title}</h2>
        <div class="row-actions">
          <button class="ghost" onClick={() => void load()} disabled={loading}>
            {props.refresh}
          </button>
          <button class="ghost" onClick={props.onClose}>
            {t("action.close")}
          </button>
        </div>
      </div>
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
      {!items.length && !loading && !err && <p class="empty">{props.empty}</p>}
      {items.length > 0 && props.children}
      {next && (
        <div class="form-actions">
          <button class="ghost" onClick={() => void load(next)} disabled={loading}>
            {props.older}
          </button>
        </div>
      )}
    </section>
  );
}
