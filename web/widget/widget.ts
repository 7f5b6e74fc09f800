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
  let cfg = session.config;
  // The visitor gave an email (the contact's, or one typed in a form): no need to ask for one.
  let hasEmail = !!(session.visitor.email || session.visitor.unverified_email);
  let convs: { id: number; status: string; csat: unknown }[] = [];
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
  const expect = el("small");
  title.append(status, expect);
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
    expect.textContent = cfg.reply_time ? (t as any)["reply_" + cfg.reply_time] || "" : "";
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
      let fields: Record<string, string> = {};
      try { const e = await r.json(); fields = e.error?.fields || {}; msg = fields.file || e.error?.message || msg; } catch { /* not JSON */ }
      throw Object.assign(new Error(msg), { fields, status: r.status });
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
    // Quick replies show under the newest message only: a click sends that answer.
    if (!had) body.querySelectorAll(".qr").forEach((q) => q.remove());
    if (m.quick_replies?.length && (!had || had.querySelector(".qr"))) {
      const qr = el("div", "qr");
      for (const q of m.quick_replies) { const b = el("button", "", q); b.onclick = () => { qr.remove(); post(q, undefined, q); }; qr.append(b); }
      box.append(qr);
    }
    if (had) had.replaceWith(box); else body.append(box);
    shown.set(m.id, box);
    body.scrollTop = body.scrollHeight;
  }

  // list shows the visitor's conversations; unless asked (the back button), it goes straight
  // to the one going on.
  let listed = 0;
  async function list(all = false) {
    const mine = ++listed; // a later list (presence changed meanwhile) wins
    conv = 0;
    shown.clear();
    body.replaceChildren();
    back.hidden = true;
    intro();
    const cs = await call<{ items: { id: number; last_message: string; unread: number; status: string; csat: unknown }[] }>("/conversations");
    if (mine !== listed) return;
    convs = cs.items;
    // The conversation going on, or one just resolved that asks for a rating.
    if (!all && cs.items.length > 0 && (cs.items[0].status !== "resolved" || askRating(cs.items[0]))) return thread(cs.items[0].id, cs.items.length > 1 || cs.items[0].status === "resolved");
    if (cs.items.length) body.append(newButton());
    for (const c of cs.items) {
      const b = el("button", "conv");
      b.append(el("b", "", c.last_message || "…"));
      if (c.unread) b.append(` (${c.unread})`);
      b.onclick = () => thread(c.id, true);
      body.append(b);
    }
    prechat();
    setUnread(cs.items.reduce((n, c) => n + c.unread, 0));
  }

  // newButton starts a new conversation: an empty thread whose first message opens it.
  function newButton() {
    const b = el("button", "new", t.newConversation);
    b.onclick = () => { conv = 0; shown.clear(); body.replaceChildren(); back.hidden = false; intro(); prechat(); };
    return b;
  }

  // intro is what a thread starts with: the greeting and, when nobody is online, the offline
  // message and (where the inbox collects them) the email form.
  function intro() {
    if (cfg.greeting) body.append(el("div", "greet", cfg.greeting));
    if (cfg.agents_online) return;
    if (cfg.offline.message) body.append(el("div", "greet off", cfg.offline.message));
    if (!cfg.offline.collect_email || hasEmail) return;
    const f = el("form", "card ask");
    f.noValidate = true; // the server checks, and names the field at fault
    const inp = field(f, t.emailAsk, "email", "email");
    const ok = el("button", "go", t.save);
    f.append(ok);
    f.onsubmit = (e) => {
      e.preventDefault();
      call("/identify", { method: "POST", body: JSON.stringify({ email: inp.value.trim() }) }).then(() => {
        hasEmail = true;
        f.replaceChildren(el("p", "", t.emailThanks));
      }, (x) => showErrors(f, x));
    };
    body.append(f);
  }

  // field adds a labelled input to a form, with room for its error.
  function field(f: HTMLElement, label: string, type: string, key: string) {
    const l = el("label", "", label);
    const inp = el(type === "textarea" ? "textarea" : "input") as HTMLInputElement;
    if (type !== "textarea") inp.type = type;
    inp.name = key;
    l.append(inp, el("small", "ferr"));
    l.dataset.key = key;
    f.append(l);
    return inp;
  }

  function showErrors(f: HTMLElement, x: any) {
    const fields: Record<string, string> = x.fields || {};
    let placed = false;
    f.querySelectorAll<HTMLElement>("label").forEach((l) => {
      const k = l.dataset.key!;
      const m = fields["prechat." + k] || fields[k] || "";
      (l.querySelector(".ferr") as HTMLElement).textContent = m;
      placed ||= !!m;
    });
    if (!placed) err.textContent = x.message;
  }

  // prechat shows the inbox's pre-chat form in a new conversation: its answers go with the
  // first message, and the server checks them.
  let form: HTMLFormElement | null = null;
  function prechat() {
    form = null;
    const p = cfg.prechat;
    if (!p) return;
    form = el("form", "card pre");
    form.noValidate = true; // the server checks, and names the field at fault
    for (const fl of p.fields) field(form, fl.label + (fl.required ? " *" : ""), fl.type, fl.key);
    if (p.consent) {
      const l = el("label", "consent");
      const box = el("input");
      box.type = "checkbox";
      box.name = "consent";
      l.append(box, p.consent, el("small", "ferr"));
      l.dataset.key = "consent";
      form.append(l);
    }
    form.append(el("p", "", t.prechatHint));
    form.onsubmit = (e) => { e.preventDefault(); input.focus(); };
    body.append(form);
  }

  // rate asks for a rating of a resolved conversation, once.
  function askRating(c?: { status: string; csat: unknown }) {
    return cfg.csat && !!c && c.status === "resolved" && !c.csat;
  }
  function rate(id: number) {
    body.querySelector(".rate")?.remove();
    const f = el("form", "card rate");
    f.noValidate = true; // the server checks, and names the field at fault
    f.append(el("p", "", t.csatAsk));
    const stars = el("div", "stars");
    let rating = 0;
    for (let i = 1; i <= 5; i++) {
      const b = el("button", "", "★");
      b.type = "button";
      b.setAttribute("aria-label", String(i));
      b.onclick = () => { rating = i; stars.querySelectorAll("button").forEach((x, j) => x.classList.toggle("on", j < i)); };
      stars.append(b);
    }
    f.append(stars);
    const comment = field(f, t.csatComment, "textarea", "comment");
    f.append(el("button", "go", t.send));
    f.onsubmit = (e) => {
      e.preventDefault();
      if (!rating) return;
      const done = () => { const c = convs.find((x) => x.id === id); if (c) c.csat = true; f.replaceChildren(el("p", "", t.csatThanks)); };
      call(`/conversations/${id}/csat`, { method: "POST", body: JSON.stringify({ rating, comment: comment.value }) })
        .then(done, (x) => (x.status === 409 ? done() : showErrors(f, x)));
    };
    body.append(f);
    body.scrollTop = body.scrollHeight;
  }

  async function thread(id: number, canGoBack: boolean) {
    conv = id;
    form = null;
    shown.clear();
    body.replaceChildren();
    back.hidden = !canGoBack;
    intro();
    const page = await call<{ items: WMessage[] }>(`/conversations/${id}/messages`);
    page.items.forEach(render);
    markRead();
    if (askRating(convs.find((c) => c.id === id))) rate(id);
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

  async function post(text: string, f?: File, choice = "") {
    err.textContent = "";
    const key = crypto.randomUUID();
    // A new conversation carries the pre-chat form's answers.
    const pre: Record<string, unknown> = {};
    if (!conv && form) {
      const answers: Record<string, string> = {};
      form.querySelectorAll<HTMLInputElement>("input,textarea").forEach((i) => { if (i.name !== "consent") answers[i.name] = i.value; });
      pre.prechat = answers;
      pre.consent = !!form.querySelector<HTMLInputElement>("[name=consent]")?.checked;
    }
    try {
      let m: WMessage;
      if (f) {
        const lim = cfg.media;
        if (f.size > lim.max_bytes) throw new Error(t.tooBig);
        if (lim.types.length && !lim.types.includes(f.type)) throw new Error(t.badType);
        if (!conv) { m = await call<WMessage>("/conversations", { method: "POST", body: JSON.stringify({ text: "📎", idempotency_key: key + "s", ...pre }) }); conv = m.conversation_id; render(m); }
        const form = new FormData();
        form.append("idempotency_key", key);
        form.append("file", f, f.name);
        m = await call<WMessage>(`/conversations/${conv}/files`, { method: "POST", body: form });
      } else {
        m = await call<WMessage>(conv ? `/conversations/${conv}/messages` : "/conversations", { method: "POST", body: JSON.stringify({ text, choice, idempotency_key: key, ...pre }) });
      }
      conv = m.conversation_id;
      if (form) { if (pre.prechat && (pre.prechat as any).email) hasEmail = true; form.remove(); form = null; }
      render(m);
      return true;
    } catch (e) {
      if (form && (e as any).fields) showErrors(form, e); else err.textContent = (e as Error).message;
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
    if (name === "conversation") {
      const c = convs.find((x) => x.id === d.id);
      if (c) c.status = d.status; else convs.push({ id: d.id, status: d.status, csat: null });
      if (d.id === conv && askRating({ status: d.status, csat: c?.csat })) rate(conv);
    }
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
    // Presence may have changed since the page loaded: ask again (the session call records the page too).
    fetch(`${api}/session`, { method: "POST", headers: { ...auth(), "Content-Type": "application/json" }, body: JSON.stringify(ctx.visitorContext()) })
      .then((r) => (r.ok ? r.json() : null)).then((s) => {
        if (!s || s.config.agents_online === cfg.agents_online) return;
        cfg = s.config;
        words();
        if (!conv) list().catch(() => {});
      }, () => {});
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
