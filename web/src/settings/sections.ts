// The admin sections of settings, in the order the navigation lists them. API tokens are every
// agent's own, so that section is open to all. The sections an admin opens rarely are lazy
// chunks, fetched as their section is first opened.
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
const useSLA = lazyChunk(() => import("./SLA"));

/** Settings › Rules. */
function Rules() {
  const m = useRules(true);
  return m ? h(m.Rules, null) : null;
}

/** Settings › SLA policies. */
function SLASection() {
  const m = useSLA(true);
  return m ? h(m.SLAPolicies, null) : null;
}

const useAttrs = lazyChunk(() => import("./ContactAttributes"));
const useCRM = lazyChunk(() => import("./CRM"));
const useAudit = lazyChunk(() => import("./Audit"));
const useAssistant = lazyChunk(() => import("./Assistant"));

/** Settings › Contact attributes. */
function ContactAttributes() {
  const m = useAttrs(true);
  return m ? h(m.ContactAttributes, null) : null;
}

/** Settings › Customer records. */
function CRM() {
  const m = useCRM(true);
  return m ? h(m.CRM, null) : null;
}

/** Settings › AI assistant. */
function Assistant() {
  const m = useAssistant(true);
  return m ? h(m.Assistant, null) : null;
}

/** Settings › Audit log. */
function Audit() {
  const m = useAudit(true);
  return m ? h(m.Audit, null) : null;
}

export const sections: Section[] = [
  { slug: "agents", title: "settings.agents", admin: true, component: Agents },
  { slug: "teams", title: "settings.teams", admin: true, component: Teams },
  { slug: "inboxes", title: "settings.inboxes", admin: true, component: Inboxes },
  { slug: "labels", title: "settings.labels", admin: true, component: Labels },
  { slug: "contact-attributes", title: "settings.attrs", admin: true, component: ContactAttributes },
  { slug: "canned-responses", title: "settings.canned", admin: true, component: Canned },
  { slug: "rules", title: "settings.rules", admin: true, component: Rules },
  { slug: "sla-policies", title: "settings.sla", admin: true, component: SLASection },
  { slug: "webhooks", title: "settings.webhooks", admin: true, component: Webhooks },
  { slug: "customer-records", title: "settings.crm", admin: true, component: CRM },
  { slug: "assistant", title: "settings.assistant", admin: true, component: Assistant },
  { slug: "audit", title: "settings.audit", admin: true, component: Audit },
  { slug: "tokens", title: "settings.tokens", admin: false, component: Tokens },
];
