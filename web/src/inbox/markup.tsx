// Styled text as the customer sees it: WhatsApp's markup (*bold* _italic_ ~strike~ ```mono```,
// `code`, "> " quotes, "- " and "1. " lists) or Markdown (**bold**, _italic_ or *italic*,
// ~~strike~~, `code`, [links](https://…), quotes, lists). The thread shows messages with it
// (Styled.tsx), the composer's preview too, and an email reply's HTML is made from it. It is
// part of the formatting chunk (Format.tsx). Text stays text: nothing here is parsed as HTML.
import { h, type ComponentChildren } from "preact";

export type Dialect = "whatsapp" | "markdown";

/** A Markdown link to a web page: [text](https://…). */
export const linkSource = String.raw`\[([^\]\n]+)\]\((https?:\/\/[^\s)]+)\)`;

// Groups: 1 ```mono```, 2 `code`, 3 and 4 a link's text and address, 5 a marker, 6 what it marks.
// A marker opens after no letter, digit or slash and before no space, and closes the same way
// round, so snake_case, 2*3*4 and a web address's /_path_/ stay as they are.
const inlines = (link: string, marks: string) =>
  new RegExp("```([^]+?)```|`([^`\\n]+)`|" + link + "|(?<![\\p{L}\\p{N}/])(" + marks + ")(?!\\s)([^\\n]*?\\S)\\5(?![\\p{L}\\p{N}/])", "gu");
const inline = {
  whatsapp: inlines("()()(?!)", "[*_~]"),
  markdown: inlines(linkSource, "\\*\\*|__|~~|[*_]"),
};

/** Whether text has anything that may be markup, so plain text skips the parsing. */
const maybe = /[*_~`[]|^(>|[-*•] |\d{1,3}[.)] )/m;

/** Text, with <br>s for its line breaks where no white-space rule keeps them (mail). */
const plain = (s: string, br: boolean): ComponentChildren => (br ? s.split("\n").flatMap((x, i) => (i ? [h("br", null), x] : [x])) : s);

function spans(s: string, d: Dialect, br: boolean): ComponentChildren[] {
  const out: ComponentChildren[] = [];
  let at = 0;
  for (const m of s.matchAll(inline[d])) {
    out.push(plain(s.slice(at, m.index), br));
    at = m.index + m[0].length;
    const mark = m[5] ?? "";
    out.push(
      m[1] != null
        ? h("code", { class: "mono" }, plain(m[1], br))
        : m[2] != null
          ? h("code", null, m[2])
          : m[4]
            ? h("a", { href: m[4], target: "_blank", rel: "noopener noreferrer" }, spans(m[3]!, d, br))
            : h(mark[0] === "~" ? "s" : mark.length > 1 || (mark === "*" && d === "whatsapp") ? "strong" : "em", null, spans(m[6]!, d, br)),
    );
  }
  out.push(plain(s.slice(at), br));
  return out;
}

/**
 * text rendered in dialect d: runs of quoted lines as a blockquote, of "- " or "1. " lines as a
 * list, other lines as they are with their styles. br puts <br>s for line breaks (for mail);
 * without it the container keeps them (white-space: pre-wrap).
 */
export function markup(text: string, d: Dialect, br = false): ComponentChildren[] {
  if (!maybe.test(text)) return [plain(text, br)];
  const out: ComponentChildren[] = [];
  let kind = "";
  let lines: string[] = [];
  const flush = () => {
    if (kind === "p") {
      // The line breaks around a block are the block's own.
      const s = lines.join("\n").replace(/\n+$/, "");
      out.push(...spans(out.length ? s.replace(/^\n+/, "") : s, d, br));
    } else if (kind === "blockquote") out.push(h("blockquote", null, spans(lines.join("\n"), d, br)));
    else if (kind) out.push(h(kind, kind === "ol" ? { start: parseInt(lines[0]!) } : null, lines.map((l) => h("li", null, spans(l.replace(/^\d+\S /, ""), d, br)))));
  };
  for (const line of text.split("\n")) {
    const m = /^(?:(>) ?|([-*•]) |(\d{1,3}[.)] ))(.*)/.exec(line);
    const k = !m ? "p" : m[1] ? "blockquote" : m[2] ? "ul" : "ol";
    if (k !== kind) {
      flush();
      kind = k;
      lines = [];
    }
    // A numbered line keeps its number for the list's start; the others lose their marker.
    lines.push(!m ? line : m[3] ? m[3] + m[4] : m[4]!);
  }
  flush();
  return out;
}
