// The formatting chunk (loaded by useFormat, Styled.tsx): styled text (markup.tsx) and the
// composer's formatting — the toolbar that writes the channel's markup around the selection, its
// shortcuts (Ctrl or ⌘ + B, I, and K for a link where links are written), lists that go on with
// Shift+Enter, the preview of how the customer sees the reply, and an email reply's HTML and
// plain text.
import { signal } from "@preact/signals";
import { Fragment, h, render, type RefObject, type VNode } from "preact";
import { useState } from "preact/hooks";
import { t, type Key } from "../i18n";
import { Icon } from "../icons";
import { linkSource, markup, type Dialect } from "./markup";

export { markup };

type Tool = "bold" | "italic" | "strike" | "code" | "list" | "ordered" | "quote" | "link";

const marks: Record<Dialect, Partial<Record<Tool, string>>> = {
  whatsapp: { bold: "*", italic: "_", strike: "~", code: "`" },
  markdown: { bold: "**", italic: "_", strike: "~~", code: "`" },
};

/** What starts a line of each kind: a bullet, a number, a quote mark. */
const lineStarts = { list: /^[-*•] /, ordered: /^\d{1,3}[.)] /, quote: /^> ?/ };
const anyLineStart = /^([-*•] |\d{1,3}[.)] |> ?)/;

/**
 * Replaces the field's text from start to end with s as typing would (so Ctrl+Z undoes it and the
 * composer hears an input event), then selects from `from` to `to`.
 */
function replace(ta: HTMLTextAreaElement, start: number, end: number, s: string, from: number, to = from) {
  ta.focus();
  ta.setSelectionRange(start, end);
  if (!document.execCommand("insertText", false, s)) {
    ta.setRangeText(s, start, end);
    ta.dispatchEvent(new Event("input", { bubbles: true }));
  }
  ta.setSelectionRange(from, to);
}

/** Applies a tool to the field's selection (or, with none, where the cursor is). */
export function apply(ta: HTMLTextAreaElement, d: Dialect, tool: Tool) {
  const v = ta.value;
  let s = ta.selectionStart;
  let e = ta.selectionEnd;
  if (tool === "list" || tool === "ordered" || tool === "quote") {
    // Every line the selection touches; the same tool again takes the marks away.
    const first = v.lastIndexOf("\n", s - 1) + 1;
    let last = v.indexOf("\n", e > s && v[e - 1] === "\n" ? e - 1 : e);
    if (last < 0) last = v.length;
    const lines = v.slice(first, last).split("\n");
    const undo = lines.every((l) => lineStarts[tool].test(l));
    const out = lines
      .map((l, i) => (undo ? l.replace(lineStarts[tool], "") : (tool === "ordered" ? `${i + 1}. ` : tool === "list" ? "- " : "> ") + l.replace(anyLineStart, "")))
      .join("\n");
    replace(ta, first, last, out, first + out.length);
    return;
  }
  // Markers must touch the text: a double-clicked word's space stays outside them.
  while (s < e && /\s/.test(v[s]!)) s++;
  while (e > s && /\s/.test(v[e - 1]!)) e--;
  const sel = v.slice(s, e);
  if (tool === "link") {
    // [text](address), with the part still to type selected.
    if (/^https?:\/\/\S+$/.test(sel)) replace(ta, s, e, `[](${sel})`, s + 1);
    else replace(ta, s, e, `[${sel}](https://)`, s + sel.length + 3, s + sel.length + 11);
    return;
  }
  const m = marks[d][tool]!;
  if (v.slice(s - m.length, s) === m && v.slice(e, e + m.length) === m) {
    replace(ta, s - m.length, e + m.length, sel, s - m.length, e - m.length); // marked already: unmark
    return;
  }
  // Markup does not run across lines: each line is marked on its own.
  const out = sel ? sel.replace(/[^\n]+/g, (l) => m + l + m) : m + m;
  replace(ta, s, e, out, s + m.length, s + out.length - m.length);
}

const keys: Record<string, Tool> = { b: "bold", i: "italic", k: "link" };

/**
 * Handles the formatting keys of a key press in the field: the shortcuts, and Shift+Enter in a
 * list or a quote, which starts the next item (or, on an empty item, ends the list). Says whether
 * it took the key.
 */
export function formatKey(e: KeyboardEvent, ta: HTMLTextAreaElement, d: Dialect): boolean {
  const tool = (e.ctrlKey || e.metaKey) && !e.altKey && !e.shiftKey ? keys[e.key.toLowerCase()] : undefined;
  if (tool && (tool !== "link" || d === "markdown")) {
    e.preventDefault();
    apply(ta, d, tool);
    return true;
  }
  if (e.key !== "Enter" || !e.shiftKey || e.isComposing || ta.selectionStart !== ta.selectionEnd) return false;
  const at = ta.selectionStart;
  const first = ta.value.lastIndexOf("\n", at - 1) + 1;
  const line = ta.value.slice(first, at);
  const start = anyLineStart.exec(line)?.[0];
  if (!start) return false;
  e.preventDefault();
  if (line === start) replace(ta, first, at, "", first);
  else {
    const next = "\n" + start.replace(/\d+/, (n) => String(+n + 1));
    replace(ta, at, at, next, at + next.length);
  }
  return true;
}

const tools: Record<Dialect, Tool[]> = {
  whatsapp: ["bold", "italic", "strike", "code", "list", "ordered", "quote"],
  markdown: ["bold", "italic", "strike", "code", "link", "list", "ordered", "quote"],
};

/** What each tool's button shows: a letter styled as the tool styles, or an icon's path. */
const glyphs: Record<Tool, VNode | string> = {
  bold: <strong>B</strong>,
  italic: <em>I</em>,
  strike: <s>S</s>,
  code: "M8 7l-5 5 5 5M16 7l5 5-5 5",
  link: "M10 14a4 4 0 006 0l3-3a4 4 0 00-6-6l-1 1M14 10a4 4 0 00-6 0l-3 3a4 4 0 006 6l1-1",
  list: "M9 6h11M9 12h11M9 18h11M4 6h.01M4 12h.01M4 18h.01",
  ordered: "M10 6h10M10 12h10M10 18h10M4 4l1.5-1v5M3.5 14a1.5 1.5 0 013 .5L3.5 19h3",
  quote: "M4 17c3-1 4-3 4-6H4V6h5v5M14 17c3-1 4-3 4-6h-4V6h5v5",
};

const openKey = "switchboard.format";
/** Whether the toolbar shows, as the agent last left it. */
const open = signal(localStorage.getItem(openKey) === "on");

/** The composer's button that shows and hides the toolbar. */
export function FormatToggle() {
  return (
    <button
      class="ghost"
      aria-label={t("format.toggle")}
      title={t("format.toggle")}
      aria-pressed={open.value}
      onClick={() => localStorage.setItem(openKey, (open.value = !open.value) ? "on" : "off")}
    >
      <Icon d="M6 16l5-12h2l5 12M8.5 11h7M4 20h16" />
    </button>
  );
}

/** The toolbar when shown, and the preview below it when the agent asks for it. */
export function FormatBar(props: { dialect: Dialect; area: RefObject<HTMLTextAreaElement | null>; text: string }) {
  const d = props.dialect;
  const [preview, setPreview] = useState(false);
  if (!open.value) return null;
  const mod = /Mac|iP/.test(navigator.platform) ? "⌘" : "Ctrl+";
  const shortcut = Object.fromEntries(Object.entries(keys).map(([k, v]) => [v, ` (${mod}${k.toUpperCase()})`]));
  return (
    <>
      <div class="format-bar" role="toolbar" aria-label={t("format.toggle")}>
        {tools[d].map((tool) => (
          <button
            type="button"
            class="ghost"
            data-tool={tool}
            aria-label={t(`format.${tool}` as Key)}
            title={t(`format.${tool}` as Key) + (shortcut[tool] ?? "")}
            // The field keeps its focus and selection.
            onMouseDown={(e) => e.preventDefault()}
            onClick={() => props.area.current && apply(props.area.current, d, tool)}
          >
            {typeof glyphs[tool] === "string" ? <Icon d={glyphs[tool]} size={16} /> : glyphs[tool]}
          </button>
        ))}
        <button type="button" class="ghost format-preview-toggle" aria-pressed={preview} onClick={() => setPreview(!preview)}>
          {t("format.preview")}
        </button>
      </div>
      {preview && (
        <section class="format-preview" aria-label={t("format.previewLabel")} data-testid="format-preview">
          <h4>{t("format.previewLabel")}</h4>
          {props.text.trim() && (
            <div class="bubble out">
              <p class="bubble-text">{markup(props.text.trim(), d)}</p>
            </div>
          )}
        </section>
      )}
    </>
  );
}

/**
 * An email reply's parts from what the agent wrote (Markdown): its HTML, and its plain text with
 * links written out and bold as *bold*; null for a reply without formatting, which goes as text.
 */
export function mailParts(text: string): { text: string; html: string } | null {
  const div = document.createElement("div");
  render(h(Fragment, null, markup(text, "markdown", true)), div);
  if (!div.querySelector(":not(br)")) return null;
  return {
    html: div.innerHTML,
    text: text.replace(new RegExp(linkSource, "g"), "$1 <$2>").replace(/\*\*(?=\S)([^\n]*?\S)\*\*/g, "*$1*"),
  };
}
