// Alerts and notifications: the bell's list and count (notifications/store.ts, with the rail's
// bell) come with the main bundle; the rest (the unread conversations' count in the tab's title
// and icon, the audio unlock, "I am here") is alerts.ts, a chunk of its own loaded once someone
// signs in. Which events sound, push or email is decided by the server.
import { effect } from "@preact/signals";
import { me } from "./state";

effect(() => {
  if (me.value) void import("./alerts");
});
