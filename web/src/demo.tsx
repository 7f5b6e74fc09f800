// The demo workspace (`switchboard demo`): its inboxes are marked simulated. It says so on every
// screen, and agents land on the view that has its conversations (they are nobody's at first).
import { computed } from "@preact/signals";
import { t } from "./i18n";
import { inboxes } from "./state";

export const isDemo = computed(() => inboxes.value.some((i) => i.settings?.simulated === true));

/** Where signing in leads. */
export const landing = () => (isDemo.value ? "/inbox?view=all" : "/inbox");

export function DemoBanner() {
  return (
    <p class="demo-banner" role="note">
      {t("demo.banner")}
    </p>
  );
}
