// The alerts of notify.ts: the account's preferences loaded, the sound, desktop notifications,
// and the unread count in the tab's title and icon.
import { effect, signal } from "@preact/signals";
import { get, query } from "./api";
import { t } from "./i18n";
import { rows } from "./inbox/list";
import { applyPreferences, desktopOn, type Preferences, savePreferences, soundOn } from "./notify";
import { me } from "./state";
import { onEvent } from "./stream";
import type { Conversation, Message, Page } from "./types";
import { displayName } from "./contacts/names";

// Before preferences lived on the server each browser kept its own; the first load here moves
// them to the account, once.
const legacy = { sound: "switchboard.sound", desktop: "switchboard.desktop" } as const;
async function loadPreferences() {
  const old: Partial<Preferences> = {};
  for (const [k, key] of Object.entries(legacy)) {
    const v = localStorage.getItem(key);
    if (v) old[k as keyof Preferences] = v === "on";
  }
  if (Object.keys(old).length) {
    await savePreferences(old);
    for (const key of Object.values(legacy)) localStorage.removeItem(key);
  } else applyPreferences(await get<Preferences>("/auth/me/preferences"));
}

// Browsers start an AudioContext suspended until the page has had a user gesture, and a sound
// played on a suspended one is silent. So the context is made (or resumed) on each click or key
// press until it runs, or at once when the page had one already (the click that signed in), and
// the first alert after loading the page sounds.
let audio: AudioContext | null = null;
function unlock() {
  if (!soundOn.value || audio?.state === "running") return;
  try {
    audio ??= new AudioContext();
    void audio.resume();
  } catch {
    // no audio output: nothing to do
  }
}
for (const type of ["pointerdown", "keydown"]) window.addEventListener(type, unlock, { capture: true, passive: true });

/** What tests read: whether the sound is on, the audio context's state, how many beeps were played. */
const probe = ((window as any).switchboardAlerts = { beeps: 0, sound: () => soundOn.value, audio: () => audio?.state ?? "none" });

export function beep() {
  try {
    audio ??= new AudioContext();
    if (audio.state === "suspended") void audio.resume();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
    probe.beeps++;
  } catch {
    // no audio output: nothing to do
  }
}

function alert(title: string, body: string, conversationId: number) {
  if (soundOn.value) beep();
  if (desktopOn.value && document.hidden && "Notification" in window && Notification.permission === "granted") {
    const n = new Notification(title, { body, tag: "conversation-" + conversationId });
    n.onclick = () => {
      window.focus();
      location.assign(`/inbox/${conversationId}`);
    };
  }
}

onEvent(async (e) => {
  if ((!soundOn.value && !desktopOn.value) || (me.value && e.actor_id === me.value.id)) return;
  if (e.type === "conversation.created") {
    const c = e.data as Conversation;
    if (c.assignee_id === null) alert(t("notify.newConversation"), displayName(c.contact_name, c.contact_handle), c.id);
  } else if (e.type === "message.created") {
    const m = e.data as Message;
    if (m.direction !== "incoming" || !me.value) return;
    // The list usually holds the conversation already; ask only when it does not.
    const c = rows.value.find((r) => r.id === m.conversation_id) ?? (await get<Conversation>(`/conversations/${m.conversation_id}`).catch(() => null));
    if (c?.assignee_id === me.value.id) alert(t("notify.reply", { name: m.sender_name || displayName(c.contact_name, c.contact_handle) }), m.text.slice(0, 140), c.id);
  }
});

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

// Signing in (again, or as someone else) loads that account's preferences and count.
let loadedFor = 0;
effect(() => {
  const id = me.value?.id ?? 0;
  if (id === loadedFor) return;
  loadedFor = id;
  if (!id) {
    unread.value = 0;
    return;
  }
  void loadPreferences()
    .then(() => (navigator as any).userActivation?.hasBeenActive && unlock())
    .catch(() => {});
  void count();
});
