// What the thread pane shows when its conversation cannot be opened: for one that does not exist
// or that the agent may not see (the server answers both alike, so nobody learns which exists) a
// calm not-found screen with a way back; for any other failure the reason, in the agent's language.
import { ApiError } from "../api";
import { t } from "../i18n";
import { navigate } from "../router";
import { problem } from "../ui";

/** Whether err says the conversation is not there for this agent (deleted, or out of sight). */
export const gone = (err: unknown) => err instanceof ApiError && (err.code === "not_found" || err.code === "forbidden");

export function Missing(props: { err: unknown }) {
  const notFound = gone(props.err);
  return (
    <section class="thread-pane missing" aria-labelledby="missing-title">
      <div class="missing-body">
        <h2 id="missing-title">{notFound ? t("notFound.title") : t("error.unexpected")}</h2>
        <p class="muted">{notFound ? t("notFound.text") : problem(props.err).message}</p>
        <button class="primary" onClick={() => navigate("/inbox" + location.search)}>
          {t("notFound.back")}
        </button>
      </div>
    </section>
  );
}
