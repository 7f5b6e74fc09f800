// The bell in the main navigation rail: the count of unread notifications, live, and a button
// that opens the panel listing them (a chunk of its own, fetched on first open).
import { useRef, useState } from "preact/hooks";
import { t } from "../i18n";
import { Icon } from "../icons";
import { lazyChunk } from "../inbox/chunk";
import { unread } from "./store";

const usePanel = lazyChunk(() => import("./Panel"));

const bell = "M6 10a6 6 0 0112 0c0 5 2 6 2 7H4c0-1 2-2 2-7zM10 20a2 2 0 004 0";

/** The count as the badge shows it. */
export const countLabel = (n: number) => (n > 99 ? "99+" : String(n));

export function Bell() {
  const [open, setOpen] = useState(false);
  const button = useRef<HTMLButtonElement>(null);
  const m = usePanel(open);
  const n = unread.value;
  const close = (refocus: boolean) => {
    setOpen(false);
    if (refocus) button.current?.focus();
  };
  return (
    <div class="bell-anchor">
      <button
        ref={button}
        type="button"
        class={"rail-bell" + (open ? " active" : "")}
        aria-label={n ? t("notifications.bellUnread", { count: countLabel(n) }) : t("notifications.title")}
        aria-haspopup="dialog"
        aria-expanded={open}
        aria-controls={open ? "notification-panel" : undefined}
        title={t("notifications.title")}
        onClick={() => setOpen(!open)}
      >
        <Icon d={bell} size={22} />
        {n > 0 && (
          <span class="bell-count" aria-hidden="true">
            {countLabel(n)}
          </span>
        )}
      </button>
      {open && m && <m.Panel onClose={close} anchor={button} />}
    </div>
  );
}
