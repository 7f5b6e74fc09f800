// Optional alerts, chosen per browser in the profile: a short sound and a desktop notification
// for new unassigned conversations and for customer replies in my conversations, while the tab
// is in the background.
import { signal } from "@preact/signals";
import { get } from "./api";
import { t } from "./i18n";
import { rows } from "./inbox/list";
import { me } from "./state";
import { onEvent } from "./stream";
import type { Conversation, Message } from "./types";

export const soundOn = signal(localStorage.getItem("switchboard.sound") === "on");
export const desktopOn = signal(localStorage.getItem("switchboard.desktop") === "on");

export function setSound(on: boolean) {
  soundOn.value = on;
  localStorage.setItem("switchboard.sound", on ? "on" : "off");
  if (on) beep();
}

/** Turns desktop notifications on, asking the browser's permission first. */
export async function setDesktop(on: boolean) {
  if (on && "Notification" in window && Notification.permission !== "granted") {
    on = (await Notification.requestPermission()) === "granted";
  }
  desktopOn.value = on;
  localStorage.setItem("switchboard.desktop", on ? "on" : "off");
}

let audio: AudioContext | null = null;
function beep() {
  try {
    audio ??= new AudioContext();
    const osc = audio.createOscillator();
    const gain = audio.createGain();
    osc.frequency.value = 880;
    gain.gain.setValueAtTime(0.0001, audio.currentTime);
    gain.gain.exponentialRampToValueAtTime(0.2, audio.currentTime + 0.02);
    gain.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.35);
    osc.connect(gain).connect(audio.destination);
    osc.start();
    osc.stop(audio.currentTime + 0.4);
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
    if (c.assignee_id === null) alert(t("notify.newConversation"), c.contact_name || c.contact_handle, c.id);
  } else if (e.type === "message.created") {
    const m = e.data as Message;
    if (m.direction !== "incoming" || !me.value) return;
    // The list usually holds the conversation already; ask only when it does not.
    const c = rows.value.find((r) => r.id === m.conversation_id) ?? (await get<Conversation>(`/conversations/${m.conversation_id}`).catch(() => null));
    if (c?.assignee_id === me.value.id) alert(t("notify.reply", { name: m.sender_name || c.contact_name }), m.text.slice(0, 140), c.id);
  }
});
