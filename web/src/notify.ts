// Alerts: a short sound and a desktop notification for new unassigned conversations and for
// customer replies in my conversations, and the count of my unread conversations in the tab's
// title and icon. Whether to sound and to notify are preferences of the account, kept on the
// server so they follow the agent to every browser; the permission to show notifications is the
// browser's own. The work is in alerts.ts, a chunk of its own loaded once someone signs in.
import { effect, signal } from "@preact/signals";
import { patch } from "./api";
import { me } from "./state";

export type Preferences = { sound: boolean; desktop: boolean };

export const soundOn = signal(false);
export const desktopOn = signal(false);

export function applyPreferences(p: Preferences) {
  soundOn.value = p.sound;
  desktopOn.value = p.desktop;
}

export async function savePreferences(p: Partial<Preferences>) {
  applyPreferences(await patch<Preferences>("/auth/me/preferences", p));
}

const alerts = () => import("./alerts");

export function setSound(on: boolean) {
  if (on) void alerts().then((m) => m.beep());
  void savePreferences({ sound: on });
}

/** Turns desktop notifications on, asking the browser's permission first. */
export async function setDesktop(on: boolean) {
  if (on && "Notification" in window && Notification.permission !== "granted") {
    on = (await Notification.requestPermission()) === "granted";
  }
  await savePreferences({ desktop: on });
}

effect(() => {
  if (me.value) void alerts();
});
