// The emoji picker: search by English name or keyword, categories, a skin tone (remembered) and
// the emoji this browser used last. Arrow keys move between emoji, Enter picks, Escape closes,
// Tab stays inside. It is placed beside its button inside the window, above it when there is room.
import { createPortal } from "preact";
import { useLayoutEffect, useMemo, useRef, useState } from "preact/hooks";
import { t, type Key } from "../i18n";
import { emojiCategories } from "./emojiData";
import type { EmojiPickerProps } from "./Emoji";

interface Emoji {
  char: string;
  words: string;
  tone: boolean;
}

const categories = emojiCategories.map((c) => ({
  id: c.id,
  icon: c.icon,
  list: c.list.split("\n").map((line): Emoji => {
    const tone = line.startsWith("+");
    const rest = tone ? line.slice(1) : line;
    const space = rest.indexOf(" ");
    return { char: rest.slice(0, space), words: rest.slice(space + 1), tone };
  }),
}));
const all = categories.flatMap((c) => c.list);

const tones = ["", "\u{1F3FB}", "\u{1F3FC}", "\u{1F3FD}", "\u{1F3FE}", "\u{1F3FF}"];
const toneKey = "switchboard.emoji.tone";
const recentKey = "switchboard.emoji.recent";
const columns = 8;

/** e in skin tone, the modifier after its first code point (and in place of a presentation selector). */
function withTone(e: Emoji, tone: string): string {
  if (!e.tone || !tone) return e.char;
  const [first, ...rest] = [...e.char];
  if (rest[0] === "\uFE0F") rest.shift();
  return first + tone + rest.join("");
}

function stored<T>(key: string, fallback: T): T {
  try {
    const v = localStorage.getItem(key);
    return v === null ? fallback : (JSON.parse(v) as T);
  } catch {
    return fallback;
  }
}

function store(key: string, v: unknown) {
  try {
    localStorage.setItem(key, JSON.stringify(v));
  } catch {
    // private mode: not remembered
  }
}

export function EmojiPicker(props: EmojiPickerProps) {
  const [q, setQ] = useState("");
  const [cat, setCat] = useState(categories[0]!.id);
  const [tone, setTone] = useState(() => {
    const n = stored<number>(toneKey, 0);
    return tones[n] !== undefined ? n : 0;
  });
  const [recent] = useState(() => stored<string[]>(recentKey, []).filter((x) => typeof x === "string").slice(0, columns * 2));
  const root = useRef<HTMLDivElement>(null);
  const search = useRef<HTMLInputElement>(null);

  const words = q.trim().toLowerCase().split(/\s+/).filter(Boolean);
  const shown = useMemo(
    () =>
      words.length
        ? all.filter((e) => {
            const w = " " + e.words;
            return words.every((x) => w.includes(" " + x));
          })
        : categories.find((c) => c.id === cat)!.list,
    [q, cat],
  );

  const pick = (char: string) => {
    store(recentKey, [char, ...recent.filter((x) => x !== char)].slice(0, columns * 2));
    props.onPick(char);
  };
  const close = () => {
    props.onClose();
    props.anchor?.focus();
  };

  // Beside the button, inside the window: above it when it fits there, else below, never
  // stretched between the two.
  useLayoutEffect(() => {
    const place = () => {
      const el = root.current;
      const a = props.anchor?.getBoundingClientRect();
      if (!el || !a) return;
      const w = el.offsetWidth;
      const h = el.offsetHeight;
      const top = a.top - h - 4 >= 8 ? a.top - h - 4 : Math.max(8, Math.min(a.bottom + 4, window.innerHeight - h - 8));
      const left = Math.max(8, Math.min(a.left, window.innerWidth - w - 8));
      el.style.top = `${top}px`;
      el.style.left = `${left}px`;
    };
    place();
    search.current?.focus();
    const outside = (e: MouseEvent) => {
      const n = e.target as Node;
      if (!root.current?.contains(n) && !props.anchor?.contains(n)) props.onClose();
    };
    window.addEventListener("resize", place);
    window.addEventListener("scroll", place, true);
    document.addEventListener("mousedown", outside);
    return () => {
      window.removeEventListener("resize", place);
      window.removeEventListener("scroll", place, true);
      document.removeEventListener("mousedown", outside);
    };
  }, []);

  const onKey = (e: KeyboardEvent) => {
    const el = root.current!;
    const target = e.target as HTMLElement;
    if (e.key === "Escape") {
      e.preventDefault();
      e.stopPropagation();
      close();
      return;
    }
    if (e.key === "Tab") {
      const focusable = [...el.querySelectorAll<HTMLElement>("input, button:not([tabindex='-1'])")];
      const i = focusable.indexOf(target);
      if (e.shiftKey && i <= 0) {
        e.preventDefault();
        focusable[focusable.length - 1]?.focus();
      } else if (!e.shiftKey && i === focusable.length - 1) {
        e.preventDefault();
        focusable[0]?.focus();
      }
      return;
    }
    // Letters typed anywhere in the picker search it (and are no shortcuts of the inbox).
    if (e.key.length === 1 && e.key !== " " && !e.ctrlKey && !e.metaKey && !e.altKey && target !== search.current) {
      e.stopPropagation();
      search.current?.focus();
      return;
    }
    if (target === search.current) {
      if (e.key === "ArrowDown") {
        e.preventDefault();
        el.querySelector<HTMLElement>(".emoji-cells button")?.focus();
      } else if (e.key === "Enter" && shown[0]) {
        e.preventDefault();
        pick(withTone(shown[0], tones[tone]!));
      }
      return;
    }
    const cells = target.closest(".emoji-cells");
    if (cells) {
      const list = [...el.querySelectorAll<HTMLElement>(".emoji-cells button")];
      const i = list.indexOf(target);
      const step = { ArrowRight: 1, ArrowLeft: -1, ArrowDown: columns, ArrowUp: -columns }[e.key];
      if (step === undefined) return;
      e.preventDefault();
      const next = i + step;
      if (next < 0) search.current?.focus();
      else list[Math.min(next, list.length - 1)]?.focus();
      return;
    }
    if (target.getAttribute("role") === "tab" && (e.key === "ArrowRight" || e.key === "ArrowLeft")) {
      e.preventDefault();
      const i = categories.findIndex((c) => c.id === cat);
      const next = categories[(i + (e.key === "ArrowRight" ? 1 : categories.length - 1)) % categories.length]!;
      setCat(next.id);
      el.querySelector<HTMLElement>(`[data-category="${next.id}"]`)?.focus();
    }
  };

  const cell = (char: string, label: string, i: number) => (
    <button type="button" tabIndex={i === 0 ? 0 : -1} aria-label={label} title={label} onClick={() => pick(char)}>
      {char}
    </button>
  );
  // On the page's body: out of the thread's live region (which would read it all out) and of any
  // box that clips or scrolls it.
  return createPortal(
    <div class="emoji-picker" role="dialog" aria-label={props.label} ref={root} onKeyDown={onKey}>
      <div class="emoji-top">
        <input ref={search} type="search" aria-label={t("emoji.search")} placeholder={t("emoji.search")} value={q} onInput={(e) => setQ(e.currentTarget.value)} />
        <div class="emoji-tones" role="radiogroup" aria-label={t("emoji.tone")}>
          {tones.map((x, i) => (
            <button
              type="button"
              role="radio"
              aria-checked={i === tone}
              aria-label={t(("emoji.tone." + i) as Key)}
              title={t(("emoji.tone." + i) as Key)}
              onClick={() => {
                setTone(i);
                store(toneKey, i);
              }}
            >
              {"✋" + x}
            </button>
          ))}
        </div>
      </div>
      {!words.length && (
        <div class="emoji-tabs" role="tablist">
          {categories.map((c) => (
            <button
              type="button"
              role="tab"
              data-category={c.id}
              aria-selected={c.id === cat}
              tabIndex={c.id === cat ? 0 : -1}
              aria-label={t(("emoji.cat." + c.id) as Key)}
              title={t(("emoji.cat." + c.id) as Key)}
              onClick={() => setCat(c.id)}
            >
              {c.icon}
            </button>
          ))}
        </div>
      )}
      <div class="emoji-scroll">
        {!words.length && recent.length > 0 && (
          <section class="emoji-recent" aria-label={t("emoji.recent")}>
            <h3>{t("emoji.recent")}</h3>
            <div class="emoji-cells">{recent.map((x, i) => cell(x, x, i))}</div>
          </section>
        )}
        <section aria-label={words.length ? t("emoji.search") : t(("emoji.cat." + cat) as Key)}>
          {!words.length && <h3>{t(("emoji.cat." + cat) as Key)}</h3>}
          {shown.length ? (
            <div class="emoji-cells">{shown.map((e, i) => cell(withTone(e, tones[tone]!), e.words, i))}</div>
          ) : (
            <p class="muted">{t("emoji.none")}</p>
          )}
        </section>
      </div>
    </div>,
    document.body,
  );
}
