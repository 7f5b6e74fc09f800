// What notify.ts loads once someone signs in: the count of my unread conversations in the
// tab's title and icon, the audio unlock on the first gesture (so the notifications' sounds are
// heard), "I am here" for the server's pushes, and the service worker's requests to open a
// conversation. Which events sound, push or email is the server's decision (package notify);
// notifications/store.ts plays what it asks for.
import { effect, signal } from "@preact/signals";
import { get, query } from "./api";
import "./notifications/activity";
import { anySound, settings } from "./notifications/store";
import { audioState, probe, unlock } from "./notifications/sounds";
import { navigate } from "./router";
import { me } from "./state";
import { onEvent, streamState } from "./stream";
import type { Conversation, Page } from "./types";

// The audio context is made (or resumed) on each click or key press until it runs, or at once
// when the page had a gesture already (the click that signed in), so the first sound after
// loading the page is heard. Only for agents who chose a sound.
function gesture() {
  if (anySound() && audioState() !== "running") unlock();
}
for (const type of ["pointerdown", "keydown"]) window.addEventListener(type, gesture, { capture: true, passive: true });
effect(() => {
  if (anySound(settings.value) && (navigator as any).userActivation?.hasBeenActive) unlock();
});

/** What tests read: how many sounds were played and the last one, whether any trigger sounds,
 *  the audio context's state, and whether the stream is live (what happens from then on is
 *  heard live; before, only loaded). */
(window as any).switchboardAlerts = Object.assign(probe, { sound: () => anySound(), audio: audioState, live: () => streamState.value === "live" });

// A click on a pushed notification: the service worker asks a window to open its conversation.
navigator.serviceWorker?.addEventListener("message", (e: MessageEvent) => {
  const d = e.data;
  if (d?.type === "switchboard:navigate" && typeof d.url === "string") {
    const u = new URL(d.url, location.origin);
    if (u.origin === location.origin) navigate(u.pathname + u.search);
  }
});
navigator.serviceWorker?.startMessages?.();

// The unread count: my open conversations with something I have not read, in the title
// ("(3) Switchboard") and as a badge on the tab's icon; asked again a moment after the events
// that can change it.
const unread = signal(0);
let countTimer: ReturnType<typeof setTimeout> | undefined;
async function count() {
  const p = await get<Page<Conversation>>("/conversations" + query({ view: "mine", status: "open", unread: true, limit: 100 })).catch(() => null);
  if (p) unread.value = p.next_cursor ? 100 : p.items.length;
}
onEvent((e) => {
  if (!e.type.startsWith("conversation.") && !e.type.startsWith("message.")) return;
  clearTimeout(countTimer);
  countTimer = setTimeout(count, 300);
});

const icon = document.querySelector<HTMLLinkElement>("link[rel=icon]");
const plainIcon = icon?.getAttribute("href") ?? "";
effect(() => {
  const n = unread.value;
  const label = n > 99 ? "99+" : String(n);
  document.title = n ? `(${label}) Switchboard` : "Switchboard";
  if (!icon) return;
  icon.href = n
    ? plainIcon.replace(
        /%3C\/svg%3E$/,
        encodeURIComponent(`<circle cx="10" cy="6" r="6" fill="#d1242f"/><text x="10" y="6" dy=".35em" font-size="${[9, 7, 5][label.length - 1]}" font-family="sans-serif" font-weight="700" text-anchor="middle" fill="#fff">${label}</text></svg>`),
      )
    : plainIcon;
});

// Signing in (again, or as someone else) loads that account's count.
let loadedFor = 0;
effect(() => {
  const id = me.value?.id ?? 0;
  if (id === loadedFor) return;
  loadedFor = id;
  if (!id) {
    unread.value = 0;
    return;
  }
  void count();
});
