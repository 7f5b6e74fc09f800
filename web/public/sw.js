// Switchboard's service worker: it shows the notifications the server pushes while no
// Switchboard tab is in front of the agent, and a click on one brings a window to its
// conversation. It caches nothing: the app needs the server anyway.
//
// A push's payload is JSON: {"id", "title", "body", "url": "/inbox/<conversation>",
// "tag": "notification-<id>", "trigger"}.

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

self.addEventListener("push", (event) => {
  let p = {};
  try {
    p = event.data ? event.data.json() : {};
  } catch {
    p = { body: event.data ? event.data.text() : "" };
  }
  const title = p.title || "Switchboard";
  event.waitUntil(
    self.registration.showNotification(title, {
      body: p.body || "",
      tag: p.tag || undefined,
      data: { url: p.url || "/inbox", id: p.id },
      icon: "/icon.svg",
      badge: "/icon.svg",
    }),
  );
});

self.addEventListener("notificationclick", (event) => {
  event.notification.close();
  const url = new URL((event.notification.data && event.notification.data.url) || "/inbox", self.location.origin).href;
  event.waitUntil(
    (async () => {
      const windows = await self.clients.matchAll({ type: "window", includeUncontrolled: true });
      // A Switchboard window is told to open the conversation itself (no page load); none:
      // a new one.
      const w = windows.find((c) => c.focused) || windows[0];
      if (w) {
        await w.focus();
        w.postMessage({ type: "switchboard:navigate", url });
        return;
      }
      await self.clients.openWindow(url);
    })(),
  );
});
