// How a message's body reads: a plain mail with its quoted history folded, and HTML (a mail's,
// an integration's) in a sandboxed frame, its quoted history folded too and its remote images
// loaded, when the agent asks, through the server.
import { useMemo, useRef, useState } from "preact/hooks";
import { t } from "../i18n";

/**
 * A plain mail, with the quoted earlier conversation folded under a toggle. at counts characters
 * (Unicode code points), as the API's quoted_at does; a JavaScript string counts UTF-16 units,
 * in which an emoji is two, so the text is split by code points.
 */
export function QuotedText(props: { text: string; at: number }) {
  const [open, setOpen] = useState(false);
  const [head, rest] = useMemo(() => splitAt(props.text, props.at), [props.text, props.at]);
  return (
    <>
      <p class="bubble-text">{head.trimEnd()}</p>
      {rest.trim() && (
        <>
          <FoldToggle open={open} onToggle={() => setOpen(!open)} />
          {open && <p class="bubble-text quoted">{rest}</p>}
        </>
      )}
    </>
  );
}

/** Splits text before its at-th code point (the whole text when at is past its end). */
export function splitAt(text: string, at: number | undefined): [string, string] {
  let units = 0;
  let n = 0;
  for (const ch of text) {
    if (n === at) break;
    units += ch.length;
    n++;
  }
  return [text.slice(0, units), text.slice(units)];
}

function FoldToggle(props: { open: boolean; onToggle: () => void }) {
  return (
    <button class="link small" aria-expanded={props.open} onClick={props.onToggle}>
      {props.open ? t("email.hideQuoted") : t("email.showQuoted")}
    </button>
  );
}

/** The attribute the server marks a mail's quoted history with (see channel/email). */
const quotedAttr = "data-quoted";

const frameStyle =
  "body{font:14px/1.45 system-ui,sans-serif;margin:0;color:#1f2328;overflow-wrap:anywhere}img{max-width:100%;height:auto}" +
  ".sb-alt{display:inline-block;border:1px dashed #afb8c1;border-radius:3px;padding:0 4px;color:#57606a;font-size:12px}";

/**
 * A message's HTML — a mail's, an integration's, whatever the channel — already sanitised by the
 * server, shown in a sandboxed frame that runs no script, cannot reach the page's own elements,
 * and loads nothing from elsewhere — no tracking pixel, no remote style. A remote image stays
 * out (its alt text stands in for it) until the agent asks for images; then it comes through
 * the server's image proxy, for http: as for https:, so the sender never sees the agent's
 * address. Quoted history folds under a toggle, as in plain mail.
 */
export function MessageHTML(props: { html: string; id: number }) {
  const [images, setImages] = useState(false);
  const [quoted, setQuoted] = useState(false);
  const frame = useRef<HTMLIFrameElement>(null);
  const body = useMemo(() => prepare(props.html, props.id, images), [props.html, props.id, images]);
  const csp = `default-src 'none'; style-src 'unsafe-inline'; font-src data:; img-src data: ${location.origin}`;
  const fold = body.quoted && !quoted ? `[${quotedAttr}]{display:none}` : "";
  const doc =
    `<!doctype html><html><head><meta http-equiv="Content-Security-Policy" content="${csp}"><base target="_blank">` +
    `<style>${frameStyle}${fold}</style></head><body>${body.html}</body></html>`;
  const fit = () => {
    const d = frame.current?.contentDocument;
    if (!d || !frame.current) return;
    // A document is at least as tall as its frame: measured in a frame of no height, it is as
    // tall as what it holds (a one-line reply is one line, not the frame's first 150 px).
    frame.current.style.height = "0";
    frame.current.style.height = Math.min(d.documentElement.scrollHeight + 4, 1200) + "px";
  };
  return (
    <div class="html-body">
      {body.remote && !images && (
        <p class="muted small">
          {t("message.imagesBlocked")}{" "}
          <button class="link small" title={t("message.showImagesHint")} onClick={() => setImages(true)}>
            {t("message.showImages")}
          </button>
        </p>
      )}
      <iframe
        ref={frame}
        key={images ? "with-images" : "blocked"}
        title={t("message.html")}
        sandbox="allow-same-origin allow-popups allow-popups-to-escape-sandbox"
        srcdoc={doc}
        onLoad={fit}
        data-testid="message-html"
      />
      {body.quoted && <FoldToggle open={quoted} onToggle={() => setQuoted(!quoted)} />}
    </div>
  );
}

const remoteSrc = /^https?:/i;

/**
 * The message's HTML made ready for its frame: each remote image's address through the image
 * proxy when images are allowed, else the image replaced by its alt text (or dropped, a
 * tracking pixel has none); and whether it has remote images and quoted history. DOMParser
 * builds an inert document: nothing in it loads or runs.
 */
function prepare(html: string, id: number, images: boolean): { html: string; remote: boolean; quoted: boolean } {
  const doc = new DOMParser().parseFromString(`<!doctype html><body>${html}`, "text/html");
  let remote = false;
  for (const img of Array.from(doc.querySelectorAll("img"))) {
    const src = (img.getAttribute("src") ?? "").trim();
    if (!remoteSrc.test(src)) continue;
    remote = true;
    if (images) {
      img.setAttribute("src", `/api/v1/messages/${id}/images?url=${encodeURIComponent(src)}`);
      continue;
    }
    const alt = (img.getAttribute("alt") ?? "").trim();
    if (alt) {
      const span = doc.createElement("span");
      span.className = "sb-alt";
      span.textContent = alt;
      if (img.hasAttribute(quotedAttr)) span.setAttribute(quotedAttr, "");
      img.replaceWith(span);
    } else img.remove();
  }
  return { html: doc.body.innerHTML, remote, quoted: !!doc.querySelector(`[${quotedAttr}]`) };
}
