// The web chat widget, loaded by the loader on first open or when the page is idle: the panel
// (conversations, thread, composer with emoji and files), the visitor's event stream (SSE read
// with fetch, so the token travels in a header, never in a URL) resumed from the last event
// id, read receipts, and the site's identify/setLocale.
import { strings, pick, type Words } from "./i18n";
import type { Ctx, WMessage } from "./types";

const EMOJI = "😀 😂 😊 😍 🤔 😢 😮 👍 👎 🙏 👏 🎉 ❤️ 🔥 ✅ ❓".split(" ");

function el<K extends keyof HTMLElementTagNameMap>(tag: K, cls = "", text = ""): HTMLElementTagNameMap[K] {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text) e.textContent = text;
  return e;
}

(window as any).__switchboardWidget((ctx: Ctx) => {
  const { root, api, session } = ctx;
  const cfg = session.config;
  let t: Words = strings[pick(cfg.language, navigator.language)];
  const auth = () => ({ Authorization: `Visitor ${ctx.store.get()}` });
  let conv = 0;
  let lastEvent = 0;
  let unread = 0;
  let isOpen = false;
  const shown = new Map<number, HTMLElement>();

  const panel = el("div", "panel");
  panel.hidden = true;
  panel.setAttribute("role", "dialog");
  panel.style.setProperty("--sb-color", cfg.color);
  const head = el("div", "head");
  const back = el("button", "", "‹");
  const title = el("h2", "", cfg.name);
  const status = el("small");
  title.append(status);
  const close = el("button", "", "×");
  head.append(back, title, close);
  const body = el("div", "body");
  const typing = el("div", "typing");
  typing.hidden = true;
  const err = el("div", "err");
  const emojis = el("div", "emojis");
  emojis.hidden = true;
  const compose = el("div", "compose");
  const input = el("textarea");
  input.rows = 1;
  const emojiBtn = el("button", "", "☺");
  const attach = el("button", "", "📎");
  const file = el("input");
  file.type = "file";
  file.hidden = true;
  const send = el("button", "send");
  compose.append(emojiBtn, attach, file, input, send);
  panel.append(head, body, typing, err, emojis, compose);
  root.append(panel);
  for (const e of EMOJI) {
    const b = el("button", "", e);
    b.type = "button";
    b.onclick = () => { input.value += e; input.focus(); };
    emojis.append(b);
  }

  function words() {
    status.textContent = cfg.agents_online ? t.online : t.away;
    input.placeholder = t.placeholder;
    send.textContent = t.send;
    back.setAttribute("aria-label", t.back);
    close.setAttribute("aria-label", t.close);
    attach.setAttribute("aria-label", t.attach);
    emojiBtn.setAttribute("aria-label", t.emoji);
  }
  words();

  async function call<T>(path: string, init: RequestInit = {}): Promise<T> {
    const r = await fetch(api + path, { ...init, headers: { ...auth(), ...(init.body && typeof init.body === "string" ? { "Content-Type": "application/json" } : {}), ...(init.headers || {}) } });
    if (!r.ok) {
      let msg = t.failed;
      try { const e = await r.json(); msg = e.error?.fields?.file || e.error?.message || msg; } catch { /* not JSON */ }
      throw new Error(msg);
    }
    return r.status === 204 ? (undefined as T) : r.json();
  }

  function render(m: WMessage) {
    const had = shown.get(m.id);
    const box = el("div", `msg ${m.direction === "incoming" ? "in" : "out"}`);
    box.dataset.id = String(m.id);
    if (m.direction === "outgoing" && m.agent_name) {
      const who = el("div", "who");
      if (m.agent_avatar) { const img = el("img"); img.src = m.agent_avatar; img.alt = ""; who.append(img); }
      who.append(m.agent_name);
      box.append(who);
    }
    const bubble = el("div", "bubble");
    if (m.text) bubble.append(m.text);
    for (const f of m.attachments) {
      const url = ctx.base + f.url;
      if (f.content_type.startsWith("image/")) { const img = el("img"); img.src = url; img.alt = f.filename; bubble.append(img); }
      else { const a = el("a", "", f.filename); a.href = url; a.target = "_blank"; a.rel = "noopener"; bubble.append(a); }
    }
    box.append(bubble);
    if (m.direction === "incoming") box.append(el("div", "meta", m.status === "read" ? t.seen : ""));
    if (had) had.replaceWith(box); else body.append(box);
    shown.set(m.id, box);
    body.scrollTop = body.scrollHeight;
  }

  // list shows the visitor's conversations; unless asked (the back button), it goes straight
  // to the one going on.
  async function list(all = false) {
    conv = 0;
    shown.clear();
    body.replaceChildren();
    back.hidden = true;
    if (cfg.greeting) body.append(el("div", "greet", cfg.greeting));
    const cs = await call<{ items: { id: number; last_message: string; unread: number; status: string }[] }>("/conversations");
    if (!all && cs.items.length > 0 && cs.items[0].status !== "resolved") return thread(cs.items[0].id, cs.items.length > 1);
    if (cs.items.length) body.append(newButton());
    for (const c of cs.items) {
      const b = el("button", "conv");
      b.append(el("b", "", c.last_message || "…"));
      if (c.unread) b.append(` (${c.unread})`);
      b.onclick = () => thread(c.id, true);
      body.append(b);
    }
    setUnread(cs.items.reduce((n, c) => n + c.unread, 0));
  }

  // newButton starts a new conversation: an empty thread whose first message opens it.
  function newButton() {
    const b = el("button", "new", t.newConversation);
    b.onclick = () => { conv = 0; shown.clear(); body.replaceChildren(); back.hidden = false; if (cfg.greeting) body.append(el("div", "greet", cfg.greeting)); };
    return b;
  }

  async function thread(id: number, canGoBack: boolean) {
    conv = id;
    shown.clear();
    body.replaceChildren();
    back.hidden = !canGoBack;
    if (cfg.greeting) body.append(el("div", "greet", cfg.greeting));
    const page = await call<{ items: WMessage[] }>(`/conversations/${id}/messages`);
    page.items.forEach(render);
    markRead();
    if (canGoBack) body.prepend(newButton());
  }

  function markRead() {
    const last = [...shown.values()].pop();
    if (!isOpen || !conv || !last) return;
    call(`/conversations/${conv}/read`, { method: "POST", body: JSON.stringify({ message_id: Number(last.dataset.id) }) }).catch(() => {});
    setUnread(0);
  }

  function setUnread(n: number) {
    unread = n;
    const badge = ctx.launcher.querySelector(".badge") as HTMLElement;
    badge.hidden = n === 0;
    badge.textContent = String(n);
    ctx.emit("unread", n);
  }

  async function post(text: string, f?: File) {
    err.textContent = "";
    const key = crypto.randomUUID();
    try {
      let m: WMessage;
      if (f) {
        const lim = cfg.media;
        if (f.size > lim.max_bytes) throw new Error(t.tooBig);
        if (lim.types.length && !lim.types.includes(f.type)) throw new Error(t.badType);
        if (!conv) { m = await call<WMessage>("/conversations", { method: "POST", body: JSON.stringify({ text: "📎", idempotency_key: key + "s" }) }); conv = m.conversation_id; render(m); }
        const form = new FormData();
        form.append("idempotency_key", key);
        form.append("file", f, f.name);
        m = await call<WMessage>(`/conversations/${conv}/files`, { method: "POST", body: form });
      } else {
        m = await call<WMessage>(conv ? `/conversations/${conv}/messages` : "/conversations", { method: "POST", body: JSON.stringify({ text, idempotency_key: key }) });
      }
      conv = m.conversation_id;
      render(m);
      return true;
    } catch (e) {
      err.textContent = (e as Error).message;
      return false;
    }
  }

  send.onclick = async () => {
    const text = input.value.trim();
    if (!text || send.disabled) return;
    send.disabled = true;
    if (await post(text)) input.value = "";
    send.disabled = false;
    input.focus();
  };
  let typedAt = 0;
  input.oninput = () => {
    const now = Date.now();
    if (!conv || now - typedAt < 3000) return;
    typedAt = now;
    call(`/conversations/${conv}/typing`, { method: "POST", body: JSON.stringify({ on: true }) }).catch(() => {});
  };
  input.onkeydown = (e) => { if (e.key === "Enter" && !e.shiftKey) { e.preventDefault(); send.click(); } };
  attach.onclick = () => file.click();
  file.onchange = () => { const f = file.files?.[0]; file.value = ""; if (f) post("", f); };
  emojiBtn.onclick = () => { emojis.hidden = !emojis.hidden; };
  close.onclick = () => ctx.close!();
  back.onclick = () => { list(true); };

  // The stream: one fetch read line by line; reconnects after a pause with ?after=<last id>.
  let live: AbortController | null = null;
  async function stream() {
    for (;;) {
      try {
        live = new AbortController();
        const r = await fetch(`${api}/stream${lastEvent ? `?after=${lastEvent}` : ""}`, { headers: auth(), signal: live.signal });
        if (!r.ok || !r.body) throw new Error(String(r.status));
        const reader = r.body.pipeThrough(new TextDecoderStream()).getReader();
        let buf = "";
        for (;;) {
          const { value, done } = await reader.read();
          if (done) break;
          buf += value;
          let i;
          while ((i = buf.indexOf("\n\n")) >= 0) {
            onEvent(buf.slice(0, i));
            buf = buf.slice(i + 2);
          }
        }
      } catch { /* the network went away, or identify restarts the stream: try again */ }
      await new Promise((f) => setTimeout(f, live?.signal.aborted ? 0 : 3000));
    }
  }

  let typingTimer = 0;
  function onEvent(block: string) {
    let name = "message", data = "", id = 0;
    for (const line of block.split("\n")) {
      if (line.startsWith("event: ")) name = line.slice(7);
      else if (line.startsWith("data: ")) data += line.slice(6);
      else if (line.startsWith("id: ")) id = Number(line.slice(4));
    }
    if (id) lastEvent = id;
    if (!data) return;
    const d = JSON.parse(data);
    if (name === "ready" && !lastEvent) lastEvent = d.head;
    if (name === "reset" && conv) thread(conv, !back.hidden);
    if (name === "message" || name === "status") {
      const m = d as WMessage;
      if (name === "status" && !shown.has(m.id)) return;
      if (m.conversation_id === conv || (!conv && isOpen)) { conv = m.conversation_id; render(m); }
      if (name === "message" && m.direction === "outgoing") {
        typing.hidden = true;
        ctx.emit("message", m);
        if (isOpen && m.conversation_id === conv) markRead(); else setUnread(unread + 1);
      }
    }
    if (name === "typing" && d.conversation_id === conv) {
      typing.textContent = `${d.agent_name || cfg.name} ${t.typing}`;
      typing.hidden = !d.on;
      clearTimeout(typingTimer);
      // Agents' typing is repeated every 10 s while they type (channel.TypingEvery); hidden a little after.
      typingTimer = window.setTimeout(() => { typing.hidden = true; }, 12000);
    }
    if (name === "read") for (const b of shown.values()) if (b.classList.contains("in")) (b.querySelector(".meta") as HTMLElement).textContent = t.seen;
  }

  ctx.open = () => {
    if (isOpen) return;
    isOpen = true;
    panel.hidden = false;
    if (!conv) list().catch((e) => { err.textContent = e.message; }); else markRead();
    input.focus();
  };
  ctx.close = () => { isOpen = false; panel.hidden = true; };
  ctx.toggle = () => (isOpen ? ctx.close!() : ctx.open!());
  ctx.setLocale = (l: string) => { t = strings[pick(l, navigator.language)]; words(); };
  ctx.identify = (p: unknown) => {
    call("/identify", { method: "POST", body: JSON.stringify(p) }).then(() => {
      live?.abort(); // the visitor may now be another contact: follow its conversations
      if (isOpen) list().catch(() => {});
    }, (e) => console.warn("Switchboard.identify:", e.message));
  };
  stream();
  call<{ items: { unread: number }[] }>("/conversations").then((cs) => setUnread(cs.items.reduce((n, c) => n + c.unread, 0))).catch(() => {});
});
