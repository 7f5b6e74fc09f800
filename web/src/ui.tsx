// Small building blocks shared by every screen.
import type { ComponentChildren } from "preact";
import { useLayoutEffect, useRef } from "preact/hooks";
import { ApiError } from "./api";
import { t, type Key } from "./i18n";
import { en } from "./i18n/en";
import { channelBadges } from "./icons";
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

/** The badge of a channel, with its name for screen readers. */
export function ChannelIcon(props: { kind: ChannelKind | string }) {
  const [color, letter] = channelBadges[props.kind] ?? ["#8b949e", "?"];
  const name = channelName(props.kind);
  return (
    <span class={"channel channel-" + props.kind} style={{ background: color }} role="img" aria-label={name} title={name}>
      {letter}
    </span>
  );
}

/** The name of a channel kind in the agent's language. */
export function channelName(kind: string): string {
  const key = ("channel." + kind) as Key;
  return key in en ? t(key) : kind;
}

/** A round avatar: the picture, or initials on a colour derived from the name. */
export function Avatar(props: { name: string; url?: string; size?: number }) {
  const size = props.size ?? 32;
  if (props.url) return <img class="avatar" src={props.url} alt="" width={size} height={size} />;
  const initials =
    props.name
      .split(/\s+/)
      .filter(Boolean)
      .slice(0, 2)
      .map((w) => w[0]!.toUpperCase())
      .join("") || "?";
  let h = 0;
  for (const c of props.name) h = (h * 31 + c.charCodeAt(0)) % 360;
  return (
    <span class="avatar" aria-hidden="true" style={{ width: `${size}px`, height: `${size}px`, background: `hsl(${h} 60% 30%)`, fontSize: `${Math.round(size * 0.4)}px` }}>
      {initials}
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
