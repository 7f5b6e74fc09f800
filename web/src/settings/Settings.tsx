// Settings: the agent's own profile for everyone; the workspace's settings for admins.
import type { ComponentType } from "preact";
import { t, type Key } from "../i18n";
import { path } from "../router";
import { isAdmin } from "../state";
import { Profile } from "./Profile";
import { lazyChunk } from "../inbox/chunk";
import { sections as adminSections } from "./sections";

export interface Section {
  slug: string;
  title: Key;
  admin: boolean;
  component: ComponentType;
}

const useNotifications = lazyChunk(() => import("../notifications/Settings"));

/** Settings › Notifications, every agent's own: a lazy chunk. */
function Notifications() {
  const m = useNotifications(true);
  return m ? <m.NotificationsPage /> : null;
}

export function Settings() {
  const all: Section[] = [
    { slug: "profile", title: "settings.profile", admin: false, component: Profile },
    { slug: "notifications", title: "settings.notifications", admin: false, component: Notifications },
    ...adminSections,
  ];
  const visible = all.filter((s) => !s.admin || isAdmin.value);
  const slug = path.value.split("/")[2] || "profile";
  const current = visible.find((s) => s.slug === slug) ?? visible[0]!;
  const C = current.component;
  return (
    <div class="settings">
      <nav class="settings-nav" aria-label={t("nav.settings")}>
        <h2>{t("nav.settings")}</h2>
        {visible.map((s) => (
          <a href={`/settings/${s.slug}`} class={s === current ? "active" : ""} aria-current={s === current ? "page" : undefined}>
            {t(s.title)}
          </a>
        ))}
      </nav>
      <div class="settings-body">
        <C />
      </div>
    </div>
  );
}
