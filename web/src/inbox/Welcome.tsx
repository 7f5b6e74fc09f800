// The first-run guide (see FirstRun.tsx). An admin is offered to connect a channel (the new-inbox
// form) or to try the demo, which is a separate workspace started from the command line: this
// server cannot turn its own workspace into a demo without mixing simulated customers with real
// ones. An agent is told what an admin has to do.
// What it needs of the app's state comes as props: importing state.ts here made the bundler move
// much of the main bundle into a chunk of its own.
import { t } from "../i18n";
import { Icon } from "../icons";
import type { WelcomeProps } from "./FirstRun";

export function Welcome(props: WelcomeProps) {
  const none = props.none;
  if (!props.admin)
    return (
      <section class="no-selection welcome" aria-labelledby="welcome-title">
        <h2 id="welcome-title">{t(none ? "welcome.noInbox" : "welcome.none")}</h2>
        <p>{t(none ? "welcome.agentNoInbox" : "welcome.waiting")}</p>
      </section>
    );
  return (
    <section class="no-selection welcome" aria-labelledby="welcome-title">
      <Icon name="inbox" size={40} />
      <h2 id="welcome-title">{t(none ? "welcome.title" : "welcome.none")}</h2>
      <p>{t(none ? "welcome.connectIntro" : "welcome.waiting")}</p>
      <a class="button primary" href={none ? "/settings/inboxes?new" : "/settings/inboxes"}>
        {t(none ? "welcome.connect" : "welcome.inboxes")}
      </a>
      <details class="welcome-demo">
        <summary>{t("welcome.demo")}</summary>
        <p>{t("welcome.demoRun")}</p>
        <pre>
          <code>switchboard demo</code>
        </pre>
        <p>{t("welcome.demoWhat")}</p>
      </details>
    </section>
  );
}
