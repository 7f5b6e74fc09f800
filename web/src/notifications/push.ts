// Push on this browser: the service worker (/sw.js), the browser's push subscription made with
// the server's application server key, and its registration with the server. Browsers reach
// their own push service (Google's, Mozilla's, Apple's) to subscribe; without it subscribe()
// fails, which the settings say plainly.
import { del, get, post } from "../api";
import type { PushSubscriptionInfo } from "./types";

export type PushProblem = "unsupported" | "denied" | "unreachable";

/** Why this browser cannot receive pushes, or null when it can (perhaps after asking). */
export function pushProblem(): PushProblem | null {
  if (!("serviceWorker" in navigator) || !("PushManager" in window) || !("Notification" in window) || !window.isSecureContext) return "unsupported";
  if (Notification.permission === "denied") return "denied";
  return null;
}

/** The server's key and the agent's subscribed browsers. */
export function pushState() {
  return get<{ public_key: string; subscriptions: PushSubscriptionInfo[] | null }>("/notifications/push");
}

/** This browser's push subscription, if it has one. */
export async function currentSubscription(): Promise<PushSubscription | null> {
  if (pushProblem() === "unsupported") return null;
  const reg = await navigator.serviceWorker.getRegistration("/");
  return (await reg?.pushManager.getSubscription()) ?? null;
}

function keyBytes(b64url: string): Uint8Array<ArrayBuffer> {
  const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/").padEnd(Math.ceil(b64url.length / 4) * 4, "=");
  const raw = atob(b64);
  const out = new Uint8Array(new ArrayBuffer(raw.length));
  for (let i = 0; i < raw.length; i++) out[i] = raw.charCodeAt(i);
  return out;
}

function sameKey(a: ArrayBuffer | null, b: Uint8Array): boolean {
  if (!a || a.byteLength !== b.length) return false;
  const x = new Uint8Array(a);
  return x.every((v, i) => v === b[i]);
}

/** Asks the permission, registers the service worker, subscribes with the server's key and
 *  registers the subscription with the server. Throws a PushProblem, or the server's error. */
export async function enablePush(publicKey: string): Promise<PushSubscriptionInfo> {
  const p = pushProblem();
  if (p) throw p;
  if ((await Notification.requestPermission()) !== "granted") throw "denied" satisfies PushProblem;
  await navigator.serviceWorker.register("/sw.js");
  const reg = await navigator.serviceWorker.ready;
  const key = keyBytes(publicKey);
  let sub = await reg.pushManager.getSubscription();
  if (sub && !sameKey(sub.options.applicationServerKey, key)) {
    await sub.unsubscribe(); // made with another server key: it would refuse our pushes
    sub = null;
  }
  if (!sub) {
    try {
      sub = await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: key });
    } catch {
      throw "unreachable" satisfies PushProblem;
    }
  }
  const j = sub.toJSON();
  return post<PushSubscriptionInfo>("/notifications/push", { endpoint: j.endpoint, keys: j.keys, user_agent: navigator.userAgent });
}

/** Forgets this browser: on the server (when it knows it) and in the browser. */
export async function disablePush(known: PushSubscriptionInfo[]) {
  const sub = await currentSubscription();
  if (!sub) return;
  const mine = known.find((s) => s.endpoint === sub.endpoint);
  if (mine) await del(`/notifications/push/${mine.id}`);
  await sub.unsubscribe();
}

/** A short name for a browser from its user agent ("Chrome on Linux"). */
export function browserName(ua: string): string {
  const browser = /Edg\//.test(ua) ? "Edge" : /Firefox\//.test(ua) ? "Firefox" : /Chrom(e|ium)\//.test(ua) ? "Chrome" : /Safari\//.test(ua) ? "Safari" : "";
  const os = /Android/.test(ua) ? "Android" : /iPhone|iPad/.test(ua) ? "iOS" : /Mac OS X/.test(ua) ? "macOS" : /Windows/.test(ua) ? "Windows" : /Linux/.test(ua) ? "Linux" : "";
  return [browser, os].filter(Boolean).join(" · ") || ua.slice(0, 60) || "?";
}
