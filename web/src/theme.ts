// Light, dark or the system's choice, remembered in this browser. The page always carries
// data-theme="light" or "dark" (the system's choice is resolved here, and followed when it
// changes), so the stylesheet holds each palette once.
import { signal } from "@preact/signals";

export type Theme = "system" | "light" | "dark";
export const theme = signal<Theme>((localStorage.getItem("switchboard.theme") as Theme) || "system");

const dark = window.matchMedia("(prefers-color-scheme: dark)");

function paint() {
  const v = theme.value === "system" ? (dark.matches ? "dark" : "light") : theme.value;
  document.documentElement.dataset.theme = v;
}

dark.addEventListener("change", paint);

export function applyTheme(v: Theme) {
  theme.value = v;
  localStorage.setItem("switchboard.theme", v);
  paint();
}
