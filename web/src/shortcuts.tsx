// Keyboard shortcuts, Intercom-style: single keys when no text field has the focus.
import { useEffect, useState } from "preact/hooks";
import { t } from "./i18n";
import { composing } from "./inbox/ConversationList";
import { openId, step } from "./inbox/Inbox";
import { command } from "./inbox/Thread";
import { path } from "./router";
import { Modal } from "./ui";

const keys: [string, Parameters<typeof t>[0]][] = [
  ["j", "shortcut.next"],
  ["k", "shortcut.prev"],
  ["r", "shortcut.reply"],
  ["n", "shortcut.note"],
  ["e", "shortcut.resolve"],
  ["a", "shortcut.assign"],
  ["z", "shortcut.snooze"],
  ["c", "newconv.action"],
  ["/", "shortcut.search"],
  ["?", "shortcut.help"],
];

export function Shortcuts() {
  const [help, setHelp] = useState(false);
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      const el = e.target as HTMLElement;
      if (e.metaKey || e.ctrlKey || e.altKey || el.closest("input, textarea, select, [contenteditable]")) return;
      if (!path.value.startsWith("/inbox")) return;
      const send = (name: "resolve" | "assign" | "snooze" | "reply" | "note") => {
        if (!openId()) return;
        e.preventDefault();
        command.value = { name, at: Date.now() };
      };
      switch (e.key) {
        case "j":
          step(1);
          break;
        case "k":
          step(-1);
          break;
        case "e":
          send("resolve");
          break;
        case "a":
          send("assign");
          break;
        case "z":
          send("snooze");
          break;
        case "r":
          send("reply");
          break;
        case "n":
          send("note");
          break;
        case "c":
          e.preventDefault();
          composing.value = true;
          break;
        case "/":
          e.preventDefault();
          document.querySelector<HTMLInputElement>(".search input")?.focus();
          break;
        case "?":
          setHelp(true);
          break;
      }
    };
    window.addEventListener("keydown", onKey);
    return () => window.removeEventListener("keydown", onKey);
  }, []);
  if (!help) return null;
  return (
    <Modal title={t("shortcut.title")} onClose={() => setHelp(false)}>
      <dl class="shortcut-list">
        {keys.map(([k, label]) => (
          <>
            <dt>
              <kbd>{k}</kbd>
            </dt>
            <dd>{t(label)}</dd>
          </>
        ))}
        <dt>
          <kbd>Enter</kbd>
        </dt>
        <dd>{t("shortcut.send")}</dd>
        <dt>
          <kbd>Shift</kbd>+<kbd>Enter</kbd>
        </dt>
        <dd>{t("shortcut.newline")}</dd>
        <dt>
          <kbd>Ctrl</kbd>+<kbd>J</kbd>
        </dt>
        <dd>{t("shortcut.assistant")}</dd>
      </dl>
    </Modal>
  );
}
