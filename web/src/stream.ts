// The live event stream: one WebSocket to /api/v1/ws that resumes after the last event it
// handled, so a reconnect (after a network drop, a slow-client cut-off or a server restart)
// misses nothing and repeats nothing.
import { signal } from "@preact/signals";
import type { Event } from "./types";

export type StreamState = "connecting" | "live" | "reconnecting" | "signed-out";

/** Whether the stream is live; the UI shows "Reconnecting…" otherwise. */
export const streamState = signal<StreamState>("connecting");

type Listener = (e: Event) => void;
const listeners = new Set<Listener>();

/** Calls fn with every event until the returned function is called. */
export function onEvent(fn: Listener): () => void {
  listeners.add(fn);
  return () => listeners.delete(fn);
}

let socket: WebSocket | null = null;
let lastId = -1; // -1: start with new events
let retry = 0;
let stopped = true;
let timer: ReturnType<typeof setTimeout> | undefined;

/** Opens the stream; afterId resumes after that event (it is the newest one the app loaded). */
export function startStream(afterId?: number) {
  if (afterId !== undefined && afterId > lastId) lastId = afterId;
  stopped = false;
  connect();
}

export function stopStream() {
  stopped = true;
  clearTimeout(timer);
  socket?.close(1000);
  socket = null;
}

function connect() {
  if (stopped) return;
  const proto = location.protocol === "https:" ? "wss:" : "ws:";
  const after = lastId >= 0 ? `?after=${lastId}` : "";
  const ws = new WebSocket(`${proto}//${location.host}/api/v1/ws${after}`);
  socket = ws;
  ws.onopen = () => {
    retry = 0;
    streamState.value = "live";
  };
  ws.onmessage = (m) => {
    let e: Event;
    try {
      e = JSON.parse(m.data);
    } catch {
      return;
    }
    if (e.id === 0) {
      // An ephemeral event (a customer typing): never in the log, never resumed.
      for (const fn of listeners) fn(e);
      return;
    }
    if (e.id <= lastId) return; // never handle an event twice
    lastId = e.id;
    for (const fn of listeners) fn(e);
  };
  ws.onclose = (c) => {
    if (socket !== ws) return;
    socket = null;
    if (stopped) return;
    if (c.code === 4001) {
      // The account changed (a new role or name, or it was removed): the stream must be opened
      // again with what it may see now. Sign in only if the session itself is gone.
      fetch("/api/v1/auth/me", { credentials: "same-origin" })
        .then((r) => {
          if (r.ok) {
            window.dispatchEvent(new CustomEvent("switchboard:account"));
            connect();
          } else {
            streamState.value = "signed-out";
            window.dispatchEvent(new CustomEvent("switchboard:signin"));
          }
        })
        .catch(() => {
          streamState.value = "reconnecting";
          timer = setTimeout(connect, 1000);
        });
      return;
    }
    streamState.value = "reconnecting";
    // Quickly at first, then backing off to 10 s, with jitter so a restarted server is not
    // met by every client at once.
    const delay = Math.min(10000, 250 * 2 ** retry++) * (0.5 + Math.random() / 2);
    timer = setTimeout(connect, delay);
  };
}

/** The id of the newest event handled, for tests and diagnostics. */
export function lastEventId() {
  return lastId;
}
