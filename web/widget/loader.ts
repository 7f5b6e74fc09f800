// The web chat loader, served at /widget.js. The snippet
//   <script src="https://HOST/widget.js" data-inbox="ID" async></script>
// runs it on the team's website. It draws the launcher at once, in a shadow root whose host
// element carries its own inline !important styles (the page's CSS, even
// `* { display: none !important }`, cannot hide or restyle it, and nothing inside inherits the
// page's fonts), keeps the visitor's token in the site's own localStorage (first-party: browsers'
// third-party storage partitioning cannot lose it), and loads the widget on first open or when
// the page is idle. Styles go through constructable stylesheets and CSSOM, which a strict CSP's
// style-src does not block. window.Switchboard is the site's API.
import { css } from "./style";
import type { Ctx, Config, Session } from "./types";

type Fn = (...a: any[]) => void;

(() => {
  const me = document.currentScript as HTMLScriptElement | null;
  const inbox = me?.dataset.inbox;
  if (!me || !inbox || (window as any).Switchboard?.ready) return;
  const base = new URL(me.src).origin;
  const api = `${base}/api/v1/widget/${inbox}`;
  const key = `switchboard:${base}:${inbox}`;
  const store = {
    get: () => { try { return localStorage.getItem(key) || ""; } catch { return ""; } },
    set: (t: string) => { try { localStorage.setItem(key, t); } catch { /* private mode: the session lasts the page */ } },
  };

  const host = document.createElement("switchboard-chat");
  const hs = host.style;
  for (const [p, v] of [["all", "initial"], ["display", "block"], ["position", "fixed"], ["z-index", "2147483647"], ["bottom", "0"],
    ["right", "0"], ["width", "0"], ["height", "0"], ["visibility", "visible"], ["opacity", "1"]]) hs.setProperty(p, v, "important");
  const root = host.attachShadow({ mode: "open" });
  const sheet = new CSSStyleSheet();
  sheet.replaceSync(css);
  root.adoptedStyleSheets = [sheet];
  const launcher = document.createElement("button");
  launcher.className = "launcher";
  launcher.type = "button";
  launcher.setAttribute("aria-label", "Chat");
  launcher.innerHTML = '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 4h16v12H8l-4 4z"/></svg><span class="lt"></span><b class="badge" hidden></b>';
  root.append(launcher);
  (document.body || document.documentElement).append(host);

  const handlers: Record<string, Fn[]> = {};
  const queue: [string, any[]][] = [];
  let ctx: Ctx | null = null;
  let loading = false;
  let hidden = false;
  let wantOpen = false;

  const visitorContext = () => {
    const ua = navigator.userAgent;
    const browser = /Edg\//.test(ua) ? "Edge" : /OPR\//.test(ua) ? "Opera" : /Firefox\//.test(ua) ? "Firefox" : /Chrome\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
    const os = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Windows/.test(ua) ? "Windows" : /Mac OS X/.test(ua) ? "macOS" : /Linux/.test(ua) ? "Linux" : "";
    return { page: location.href, referrer: document.referrer, browser, os, language: navigator.language,
      time_zone: Intl.DateTimeFormat().resolvedOptions().timeZone || "" };
  };

  const session: Promise<Session> = fetch(`${api}/session`, {
    method: "POST", headers: { "Content-Type": "application/json", ...(store.get() ? { Authorization: `Visitor ${store.get()}` } : {}) },
    body: JSON.stringify(visitorContext()),
  }).then(async (r) => {
    if (!r.ok) throw new Error(`Switchboard chat: ${r.status}`);
    const s = (await r.json()) as Session;
    store.set(s.token);
    paint(s.config);
    return s;
  });
  session.catch((e) => { host.remove(); console.warn(String(e)); });

  function paint(c: Config) {
    hs.setProperty(c.position === "left" ? "left" : "right", "0", "important");
    if (c.position === "left") hs.setProperty("right", "auto", "important");
    host.dataset.position = c.position;
    launcher.style.setProperty("--sb-color", c.color);
    root.host.setAttribute("data-ready", "");
    (launcher.querySelector(".lt") as HTMLElement).textContent = c.launcher_text;
    launcher.classList.add("shown");
  }

  function load() {
    if (loading) return;
    loading = true;
    session.then((s) => {
      const tag = document.createElement("script");
      tag.src = `${base}/widget/widget.js`;
      tag.async = true;
      (window as any).__switchboardWidget = (start: (c: Ctx) => void) => {
        ctx = { root, host, launcher, api, base, session: s, store, emit, visitorContext };
        start(ctx);
        for (const [m, a] of queue.splice(0)) (ctx as any)[m](...a);
        if (wantOpen) ctx.open!();
      };
      document.head.append(tag);
    });
  }

  function emit(ev: string, data: unknown) {
    for (const f of handlers[ev] || []) try { f(data); } catch (e) { console.error(e); }
  }

  const call = (m: string) => (...a: any[]) => { if (ctx && (ctx as any)[m]) (ctx as any)[m](...a); else { queue.push([m, a]); load(); } };
  launcher.addEventListener("click", () => { if (ctx) ctx.toggle!(); else { wantOpen = true; load(); } });
  const idle = (window as any).requestIdleCallback || ((f: Fn) => setTimeout(f, 2000));
  session.then(() => idle(load));

  (window as any).Switchboard = {
    ready: true,
    identify: call("identify"),
    open: () => { if (ctx) ctx.open!(); else { wantOpen = true; load(); } },
    close: () => ctx?.close!(),
    hide: () => { hidden = true; hs.setProperty("display", "none", "important"); },
    show: () => { if (hidden) { hidden = false; hs.setProperty("display", "block", "important"); } },
    setLocale: call("setLocale"),
    on: (ev: string, f: Fn) => { (handlers[ev] ||= []).push(f); },
  };
})();
