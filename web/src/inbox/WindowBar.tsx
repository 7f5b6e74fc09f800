// The customer-service window of channels that have one (WhatsApp: 24 hours from the customer's
// last message): a live countdown above the composer, and the template picker, which is the only
// way to write once the window has closed (or before the customer ever wrote). Driven by the
// channel's capabilities, so any windowed channel gets it.
import { useEffect, useRef, useState } from "preact/hooks";
import { get, idempotencyKey, post } from "../api";
import { language, t } from "../i18n";
import { channels } from "../state";
import type { Conversation, Message, Template, TemplateSend } from "../types";
import { Field, Modal, problem } from "../ui";

/** Where a conversation's window stands: none (the channel or the conversation has no window), open, or closed;
 *  human when only the inbox's extension is left (Messenger's Human Agent, to 7 days). */
export function windowState(c: Conversation, now = Date.now()): { kind: "none" | "open" | "closed"; left: number; human?: boolean } {
  const caps = channels.value.get(c.channel)?.capabilities;
  // Comments under posts have no window (a private reply has its own 7 days: Comments.tsx).
  if (!caps?.window_seconds || c.kind === "comment") return { kind: "none", left: 0 };
  const closes = c.window_closes_at ? Date.parse(c.window_closes_at) : 0;
  const ext = c.window_extended_until ? Date.parse(c.window_extended_until) : 0;
  if (closes > now) return { kind: "open", left: closes - now };
  return ext > now ? { kind: "open", left: ext - now, human: true } : { kind: "closed", left: 0 };
}

/** A number of hours, minutes or seconds, short ("5h"), in the agent's language. */
export const units = (n: number, unit: "day" | "hour" | "minute" | "second") =>
  new Intl.NumberFormat(language.value, { style: "unit", unit, unitDisplay: "narrow" }).format(n);

/** A duration as days and hours past two days, hours and minutes, or minutes and seconds under
 *  ten minutes. */
export function span(ms: number): string {
  const s = Math.max(0, Math.floor(ms / 1000));
  const h = Math.floor(s / 3600);
  if (h >= 48) return `${units(Math.floor(h / 24), "day")} ${units(h % 24, "hour")}`;
  const m = Math.floor((s % 3600) / 60);
  if (h > 0) return `${units(h, "hour")} ${units(m, "minute")}`;
  if (m >= 10) return units(m, "minute");
  return `${units(m, "minute")} ${units(s % 60, "second")}`;
}

/** The countdown, ticking every second in the last ten minutes and every 20 s before. */
export function WindowBar(props: { conv: Conversation; onTemplate: () => void }) {
  const [now, setNow] = useState(Date.now());
  const w = windowState(props.conv, now);
  useEffect(() => {
    if (w.kind !== "open") return;
    const id = setInterval(() => setNow(Date.now()), w.left < 600_000 ? 1000 : 20_000);
    return () => clearInterval(id);
  }, [w.kind, w.left < 600_000, props.conv.id]);
  const templates = channels.value.get(props.conv.channel)?.capabilities.templates;
  if (w.kind === "none") return null;
  return (
    <div class={"window-bar " + w.kind + (w.kind === "open" && w.left < 3600_000 ? " soon" : "")} role="status" data-testid="window-bar">
      <span>
        {w.kind === "open"
          ? t(w.human ? "window.human" : "window.open", { left: span(w.left) })
          : props.conv.window_closes_at
            ? t(templates ? "window.closed" : "window.closedWait")
            : t(templates ? "window.never" : "window.neverWait")}
      </span>
      {templates && (
        <button class={w.kind === "closed" ? "primary" : "ghost"} onClick={props.onTemplate}>
          {t("template.choose")}
        </button>
      )}
    </div>
  );
}

/** Picks an approved template, fills its parameters (the first with the contact's name), shows
 *  the message as the customer will read it, and sends it once. */
export function TemplatePicker(props: { conv: Conversation; onClose: () => void; onSent: (m: Message) => void }) {
  const c = props.conv;
  const [tpl, setTpl] = useState<TemplateSend | null>(null);
  const [err, setErr] = useState("");
  const [busy, setBusy] = useState(false);
  const key = useRef(idempotencyKey());
  const send = async (e: Event) => {
    e.preventDefault();
    if (!tpl || busy) return;
    setBusy(true);
    setErr("");
    try {
      const m = await post<Message>(`/conversations/${c.id}/messages`, { template: tpl }, { "Idempotency-Key": key.current });
      props.onSent(m);
      props.onClose();
    } catch (x) {
      setErr(problem(x).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Modal title={t("template.title")} onClose={props.onClose} wide>
      <form onSubmit={send}>
        <TemplateForm inboxId={c.inbox_id} contactName={c.contact_name} onChange={setTpl} />
        {tpl && (
          <button class="primary" type="submit" disabled={busy || !filled(tpl)}>
            {t("template.send")}
          </button>
        )}
      </form>
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
    </Modal>
  );
}

/** Whether every parameter of a template has a value. */
export const filled = (s: TemplateSend) => s.params.every((p) => p.trim());

/** An inbox's templates (only approved ones can be chosen), a field for each parameter of the
 *  chosen one, the first filled with the contact's name, and the message as the customer will read
 *  it. onChange gets what to send, or null while none is chosen. */
export function TemplateForm(props: { inboxId: number; contactName: string; onChange: (s: TemplateSend | null) => void }) {
  const [list, setList] = useState<Template[] | null>(null);
  const [pick, setPick] = useState<Template | null>(null);
  const [params, setParams] = useState<string[]>([]);
  const [err, setErr] = useState("");
  useEffect(() => {
    setList(null);
    setErr("");
    change(null, []);
    get<{ items: Template[] }>(`/inboxes/${props.inboxId}/templates`)
      .then((r) => setList(r.items))
      .catch((e) => setErr(problem(e).message));
  }, [props.inboxId]);
  const change = (tpl: Template | null, ps: string[]) => {
    setPick(tpl);
    setParams(ps);
    props.onChange(tpl && { name: tpl.name, language: tpl.language, params: ps });
  };
  const preview = pick ? params.reduce((s, p, i) => s.split(`{{${i + 1}}}`).join(p || `{{${i + 1}}}`), pick.body) : "";
  return (
    <>
      {!list && !err && <p aria-busy="true">{t("list.loading")}</p>}
      {list && list.length === 0 && <p class="muted">{t("template.none")}</p>}
      {list && list.length > 0 && (
        <ul class="template-list" role="listbox" aria-label={t("template.title")}>
          {list.map((tpl) => (
            <li
              role="option"
              aria-selected={pick?.id === tpl.id}
              aria-disabled={tpl.status !== "approved"}
              class={(pick?.id === tpl.id ? "active " : "") + (tpl.status !== "approved" ? "disabled" : "")}
              onClick={() => tpl.status === "approved" && change(tpl, Array.from({ length: tpl.params }, (_, i) => (i === 0 ? props.contactName : "")))}
            >
              <strong>{tpl.name}</strong> <span class="muted">{tpl.language} · {tpl.category}</span>
              {tpl.status !== "approved" && <span class="badge">{t(("template.status." + tpl.status) as any) || tpl.status}</span>}
              <div class="muted template-body">{tpl.body}</div>
            </li>
          ))}
        </ul>
      )}
      {pick && (
        <>
          {params.map((p, i) => (
            <Field label={t("template.param", { n: i + 1 })}>
              <input name={`param-${i + 1}`} required value={p} onInput={(e) => change(pick, params.map((x, j) => (j === i ? e.currentTarget.value : x)))} />
            </Field>
          ))}
          <p class="field-label">{t("template.preview")}</p>
          <p class="bubble out template-preview" data-testid="template-preview">
            {preview}
          </p>
        </>
      )}
      {err && (
        <p class="form-error" role="alert">
          {err}
        </p>
      )}
    </>
  );
}
