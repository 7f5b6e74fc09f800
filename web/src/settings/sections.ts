// The admin sections of settings, in the order the navigation lists them. API tokens are every
// agent's own, so that section is open to all. SLA policies are a lazy chunk, loaded when the
// section is first opened.
import { h } from "preact";
import { useEffect, useState } from "preact/hooks";
import { Agents } from "./Agents";
import { Canned } from "./Canned";
import { Inboxes } from "./Inboxes";
import { Labels } from "./Labels";
import type { Section } from "./Settings";
import { Teams } from "./Teams";
import { Tokens } from "./Tokens";
import { Webhooks } from "./Webhooks";

let slaChunk: Promise<typeof import("./SLA").SLAPolicies> | undefined;

/** Settings › SLA policies, fetched on first use. */
function SLASection() {
  const [C, setC] = useState<typeof import("./SLA").SLAPolicies | null>(null);
  useEffect(() => {
    slaChunk ??= import("./SLA").then((m) => m.SLAPolicies);
    void slaChunk.then((c) => setC(() => c));
  }, []);
  return C ? h(C, {}) : null;
}

export const sections: Section[] = [
  { slug: "agents", title: "settings.agents", admin: true, component: Agents },
  { slug: "teams", title: "settings.teams", admin: true, component: Teams },
  { slug: "inboxes", title: "settings.inboxes", admin: true, component: Inboxes },
  { slug: "labels", title: "settings.labels", admin: true, component: Labels },
  { slug: "canned-responses", title: "settings.canned", admin: true, component: Canned },
  { slug: "sla-policies", title: "settings.sla", admin: true, component: SLASection },
  { slug: "webhooks", title: "settings.webhooks", admin: true, component: Webhooks },
  { slug: "tokens", title: "settings.tokens", admin: false, component: Tokens },
];
