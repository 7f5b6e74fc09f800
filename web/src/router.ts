// A small router over the History API: the path picks the screen, the query holds list filters,
// so every view can be bookmarked, shared and restored with the back button.
import { signal } from "@preact/signals";

export const path = signal(location.pathname);
export const search = signal(location.search);

window.addEventListener("popstate", () => {
  path.value = location.pathname;
  search.value = location.search;
});

/** Goes to url (a path with an optional query); replace keeps the history entry. */
export function navigate(url: string, replace = false) {
  if (url === location.pathname + location.search) return;
  history[replace ? "replaceState" : "pushState"](null, "", url);
  const u = new URL(url, location.origin);
  path.value = u.pathname;
  search.value = u.search;
}

/** The current query as an object. */
export function params(): URLSearchParams {
  return new URLSearchParams(search.value);
}

/** Changes some query parameters (empty values remove them) and keeps the others. */
export function setParams(changes: Record<string, string | undefined>, replace = true) {
  const q = params();
  for (const [k, v] of Object.entries(changes)) {
    if (v === undefined || v === "") q.delete(k);
    else q.set(k, v);
  }
  const s = q.toString();
  navigate(path.value + (s ? "?" + s : ""), replace);
}

/** Intercepts clicks on same-origin links so they navigate without a page load. */
export function link(e: MouseEvent) {
  const a = (e.target as HTMLElement).closest("a");
  if (!a || a.target || e.metaKey || e.ctrlKey || e.shiftKey || e.button !== 0) return;
  const href = a.getAttribute("href");
  if (!href || !href.startsWith("/") || href.startsWith("/api/")) return;
  e.preventDefault();
  navigate(href);
}
