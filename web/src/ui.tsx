// Small building blocks shared by every screen.
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef, useState } from "preact/hooks";
import { ApiError } from "./api";
import { t, type Key } from "./i18n";
import { en } from "./i18n/en";
import { Icon, channelMarks } from "./icons";
import type { ChannelKind } from "./types";

/** A labelled form field that shows the server's message for it. */
export function Field(props: { label: string; error?: string; children: ComponentChildren; hint?: string }) {
  return (
    <label class="field">
      <span class="field-label">{props.label}</span>
      {props.children}
      {props.hint && !props.error && <span class="field-hint">{props.hint}</span>}
      {props.error && (
        <span class="field-error" role="alert">
          {props.error}
        </span>
      )}
    </label>
  );
}

/** The message to show for a failed call, and the per-field messages. */
export function problem(err: unknown): { message: string; fields: Record<string, string> } {
  if (err instanceof ApiError) return { message: err.message, fields: err.fields };
  return { message: t("error.unexpected"), fields: {} };
}

/** A dialog with a title that closes on Escape and on a click outside. */
export function Modal(props: { title: string; onClose: () => void; children: ComponentChildren; wide?: boolean }) {
  const ref = useRef<HTMLDivElement>(null);
  // A layout effect, so focus moves and Escape works as soon as the dialog is on screen, not a
  // frame later.
  useLayoutEffect(() => {
    const prev = document.activeElement as HTMLElement | null;
    // The first field, else the first button past the header's close button.
    const el = ref.current;
    (el?.querySelector<HTMLElement>("input:not([type=hidden]), textarea, select") ?? el?.querySelector<HTMLElement>(":scope > :not(header) button") ?? el?.querySelector<HTMLElement>("button"))?.focus();
    const key = (e: KeyboardEvent) => e.key === "Escape" && props.onClose();
    window.addEventListener("keydown", key);
    return () => {
      window.removeEventListener("keydown", key);
      prev?.focus();
    };
  }, []);
  return (
    <div class="modal-backdrop" onClick={(e) => e.target === e.currentTarget && props.onClose()}>
      <div class={"modal" + (props.wide ? " wide" : "")} role="dialog" aria-modal="true" aria-label={props.title} ref={ref}>
        <header>
          <h2>{props.title}</h2>
          <button class="icon" aria-label={t("action.close")} onClick={props.onClose}>
            ×
          </button>
        </header>
        {props.children}
      </div>
    </div>
  );
}

/** The mark of a channel, with its name for screen readers. */
export function ChannelIcon(props: { kind: ChannelKind | string }) {
  const [color, d] = channelMarks[props.kind] ?? ["#6e7781", ""];
  const name = channelName(props.kind);
  return (
    <span class={"channel channel-" + props.kind} style={{ background: color }} role="img" aria-label={name} title={name}>
      <Icon d={d} size={14} stroke-width="2.2" />
    </span>
  );
}

/** The name of a channel kind in the agent's language. */
export function channelName(kind: string): string {
  const key = ("channel." + kind) as Key;
  return key in en ? t(key) : kind;
}

/** A round avatar: the picture, else (or when it fails to load) initials (a figure when there is
 * no name) on a colour derived from seed (the contact's id), else the name, so a person keeps
 * their colour; with channel, the channel's mark in its corner. */
export function Avatar(props: { name: string; url?: string; size?: number; seed?: number; channel?: string }) {
  const size = props.size ?? 32;
  const [broken, setBroken] = useState("");
  const initials =
    props.name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => [...w][0]!.toUpperCase())
      .join("");
  // A hue from the seed, spread by the golden angle so that neighbouring ids differ; styles.css
  // tints it for each theme, keeping AA contrast at every hue.
  let h = 0;
  for (const c of String(props.seed ?? props.name)) h = (h * 31 + c.charCodeAt(0)) >>> 0;
  const box = { width: `${size}px`, height: `${size}px` };
  const face =
    props.url && props.url !== broken ? (
      <img class="avatar" src={props.url} alt="" width={size} height={size} onError={() => setBroken(props.url!)} />
    ) : (
      <span class="avatar" aria-hidden="true" style={{ ...box, "--av": `hsl(${(h * 137) % 360} 55% 40%)`, fontSize: `${Math.round(size * 0.4)}px` }}>
        {initials || <Icon name="person" size={Math.round(size * 0.6)} />}
      </span>
    );
  if (!props.channel) return face;
  return (
    <span class="avatar-wrap" style={box}>
      {face}
      <ChannelIcon kind={props.channel} />
    </span>
  );
}

/** A label chip in its colour. */
export function LabelChip(props: { name: string; color?: string; onRemove?: () => void }) {
  return (
    <span class="label-chip" style={{ "--label": props.color || "#8b949e" }}>
      {props.name}
      {props.onRemove && (
        <button class="chip-x" aria-label={t("action.removeLabel", { name: props.name })} onClick={props.onRemove}>
          ×
        </button>
      )}
    </span>
  );
}

/** Copies text to the clipboard, and says so; label names it for screen readers where the text
 * it copies is not beside it. */
export function CopyButton(props: { text: string; label?: string; class?: string }) {
  const [done, setDone] = useState(false);
  const copy = async () => {
    try {
      await navigator.clipboard.writeText(props.text);
    } catch {
      // No clipboard API off HTTPS: copy the selection the old way.
      const ta = document.createElement("textarea");
      ta.value = props.text;
      document.body.appendChild(ta);
      ta.select();
      document.execCommand("copy");
      ta.remove();
    }
    setDone(true);
  };
  return (
    <button type="button" class={props.class ?? "ghost"} aria-label={props.label} onClick={() => void copy()}>
      {done ? t("settings.copied") : t("settings.copy")}
    </button>
  );
}
