// "I am here": while a Switchboard tab is visible and focused it tells the server every minute
// and on focus, so pushes wait while the agent is in front of the app (unless they chose
// otherwise); hiding, leaving or closing the tab says it at once. The server forgets a "here"
// after 90 s without news, so a crashed tab does not hold pushes back for long.
import { me } from "../state";

const every = 60_000;
let timer: ReturnType<typeof setInterval> | undefined;
let said: boolean | null = null;

function send(active: boolean) {
  // Nothing to take back when this tab never said it was here.
  if (!me.value || said === active || (!active && said !== true)) return;
  said = active;
  // keepalive lets the request finish while the page unloads.
  void fetch("/api/v1/notifications/active", {
    method: "POST",
    credentials: "same-origin",
    keepalive: true,
    headers: { "Content-Type": "application/json", Accept: "application/json" },
    body: JSON.stringify({ active }),
  }).catch(() => {
    said = null; // unknown: say it again next time
  });
}

const here = () => document.visibilityState === "visible" && document.hasFocus();

function check() {
  if (here()) {
    said = null; // renew
    send(true);
  } else send(false);
}

function start() {
  clearInterval(timer);
  timer = setInterval(() => here() && ((said = null), send(true)), every);
  check();
}

window.addEventListener("focus", check);
window.addEventListener("blur", () => send(false));
document.addEventListener("visibilitychange", check);
window.addEventListener("pagehide", () => send(false));

// Signing in starts it; signing out stops it (the session is gone, so nothing to say).
me.subscribe((a) => {
  said = null;
  if (a) start();
  else clearInterval(timer);
});
