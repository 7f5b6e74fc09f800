// The API client: JSON over fetch with the session cookie, and one error type that carries the
// server's code, message and per-field problems so forms can show them beside their fields, in
// the agent's language (problems.ts).
import { localise } from "./problems";

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly fields: Record<string, string> = {},
  ) {
    super(message);
  }
}

/** Called when a request answers 401, so the app can show the sign-in screen. */
let onUnauthorized: () => void = () => {};
export function setUnauthorizedHandler(fn: () => void) {
  onUnauthorized = fn;
}

/** The error for a failed answer's body ({"error":{…}}), its texts in the agent's language. */
export function failure(status: number, data: any, fallback: string): ApiError {
  const e = data?.error ?? {};
  const code = e.code ?? "internal";
  const p = localise(code, e.message ?? fallback, e.fields ?? {}, e.field_codes ?? {});
  return new ApiError(status, code, p.message, p.fields);
}

const unreachable = () => failure(0, { error: { code: "unavailable" } }, "Switchboard cannot be reached. Check your connection.");

export async function api<T = unknown>(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
  signal?: AbortSignal,
): Promise<T> {
  const init: RequestInit = { method, credentials: "same-origin", headers: { Accept: "application/json", ...headers }, signal };
  if (body !== undefined) {
    init.body = JSON.stringify(body);
    (init.headers as Record<string, string>)["Content-Type"] = "application/json";
  }
  let res: Response;
  try {
    res = await fetch("/api/v1" + path, init);
  } catch (e) {
    if (signal?.aborted) throw e; // the caller cancelled it and expects nothing
    throw unreachable();
  }
  if (res.status === 204) return undefined as T;
  const data = await res.json().catch(() => null);
  if (!res.ok) {
    if (res.status === 401 && !path.startsWith("/auth/login") && !path.startsWith("/setup")) onUnauthorized();
    throw failure(res.status, data, res.statusText);
  }
  return data as T;
}

export const get = <T>(path: string, signal?: AbortSignal) => api<T>("GET", path, undefined, {}, signal);
export const post = <T>(path: string, body?: unknown, headers?: Record<string, string>) => api<T>("POST", path, body, headers);
export const patch = <T>(path: string, body: unknown) => api<T>("PATCH", path, body);
export const put = <T>(path: string, body: unknown) => api<T>("PUT", path, body);
export const del = <T>(path: string) => api<T>("DELETE", path);

/** A query string from the non-empty values of params. */
export function query(params: Record<string, string | number | boolean | undefined | null>): string {
  const q = new URLSearchParams();
  for (const [k, v] of Object.entries(params)) {
    if (v !== undefined && v !== null && v !== "") q.set(k, String(v));
  }
  const s = q.toString();
  return s ? "?" + s : "";
}

/** A fresh idempotency key, so a double click or a retried request sends once. */
export function idempotencyKey(): string {
  // crypto.randomUUID exists only on HTTPS and localhost; getRandomValues works everywhere.
  const b = crypto.getRandomValues(new Uint8Array(16));
  return Array.from(b, (x) => x.toString(16).padStart(2, "0")).join("");
}

/** Uploads a file for a message to come (multipart/form-data, part "file"). */
export async function uploadFile<T>(file: File): Promise<T> {
  const form = new FormData();
  form.append("file", file, file.name);
  let res: Response;
  try {
    res = await fetch("/api/v1/uploads", { method: "POST", body: form, credentials: "same-origin", headers: { Accept: "application/json" } });
  } catch {
    throw unreachable();
  }
  const data = await res.json().catch(() => null);
  if (!res.ok) throw failure(res.status, data, res.statusText);
  return data as T;
}
