// The admin sections of settings, in the order the navigation lists them. API tokens are every
// agent's own, so that section is open to all.
import { h } from "preact";
import { lazyChunk } from "../inbox/chunk";
import { Agents } from "./Agents";
import { Canned } from "./Canned";
import { Inboxes } from "./Inboxes";
import { Labels } from "./Labels";
import type { Section } from "./Settings";
import { Teams } from "./Teams";
import { Tokens } from "./Tokens";
import { Webhooks } from "./Webhooks";

const useRules = lazyChunk(() => import("./Rules"));

/** Settings › Rules, a lazy chunk fetched as it is first opened. */
function Rules() {
  const m = useRules(true);
  return m ? h(m.Rules, null) : null;
}

export const sections: Section[] = [
  { slug: "agents", title: "settings.agents", admin: true, component: Agents },
  { slug: "teams", title: "settings.teams", admin: true, component: Teams },
  { slug: "inboxes", title: "settings.inboxes", admin: true, component: Inboxes },
  { slug: "labels", title: "settings.labels", admin: true, component: Labels },
  { slug: "canned-responses", title: "settings.canned", admin: true, component: Canned },
  { slug: "rules", title: "settings.rules", admin: true, component: Rules },
  { slug: "webhooks", title: "settings.webhooks", admin: true, component: Webhooks },
  { slug: "tokens", title: "settings.tokens", admin: false, component: Tokens },
];
