// Light, dark or the system's choice, remembered in this browser.
import { signal } from "@preact/signals";

export type Theme = "system" | "light" | "dark";
export const theme = signal<Theme>((localStorage.getItem("switchboard.theme") as Theme) || "system");

export function applyTheme(v: Theme) {
  theme.value = v;
  localStorage.setItem("switchboard.theme", v);
  if (v === "system") delete document.documentElement.dataset.theme;
  else document.documentElement.dataset.theme = v;
}
