// Blocking and erasing a contact: the Block/Unblock action with its confirmation, the banner a
// blocked contact's conversation shows, and the admins' Delete (the customer's right to erasure)
// with a typed confirmation. Used by the contact panel and the address book's card.
import { useEffect, useState } from "preact/hooks";
import { del, get, patch } from "../api";
import { t } from "../i18n";
import { isAdmin } from "../state";
import { onEvent } from "../stream";
import type { Contact } from "../types";
import { Field, Modal, problem } from "../ui";

/** Block/Unblock and, for admins, Delete; onChange gets the contact as changed, or null once erased. */
export function BlockActions(props: { contact: Contact; onChange: (c: Contact | null) => void }) {
  const c = props.contact;
  const [asking, setAsking] = useState<"block" | "erase" | null>(null);
  const [typed, setTyped] = useState("");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const word = t("block.eraseWord");
  const run = async (fn: () => Promise<void>) => {
    setBusy(true);
    setError("");
    try {
      await fn();
      setAsking(null);
    } catch (err) {
      setError(problem(err).message);
    } finally {
      setBusy(false);
    }
  };
  const toggle = () =>
    run(async () => {
      props.onChange(await patch<Contact>(`/contacts/${c.id}`, { blocked: !c.blocked }));
    });
  const erase = () =>
    run(async () => {
      await del(`/contacts/${c.id}`);
      props.onChange(null);
    });
  return (
    <div class="block-actions">
      {c.blocked ? (
        <button class="ghost" onClick={toggle} disabled={busy}>
          {t("block.unblock")}
        </button>
      ) : (
        <button class="ghost" onClick={() => setAsking("block")}>
          {t("block.block")}
        </button>
      )}
      {isAdmin.value && (
        <button class="ghost danger" onClick={() => (setTyped(""), setAsking("erase"))}>
          {t("block.erase")}
        </button>
      )}
      {!asking && error && <p class="error">{error}</p>}
      {asking === "block" && (
        <Modal title={t("block.confirmTitle", { name: c.name || t("contact.unknown") })} onClose={() => setAsking(null)}>
          <p>{t("block.confirmText")}</p>
          {error && <p class="error">{error}</p>}
          <div class="form-actions">
            <button onClick={() => setAsking(null)}>{t("action.cancel")}</button>
            <button class="primary" onClick={toggle} disabled={busy}>
              {t("block.block")}
            </button>
          </div>
        </Modal>
      )}
      {asking === "erase" && (
        <Modal title={t("block.eraseTitle", { name: c.name || t("contact.unknown") })} onClose={() => setAsking(null)}>
          <p>{t("block.eraseText")}</p>
          <Field label={t("block.eraseType", { word })}>
            <input value={typed} onInput={(e) => setTyped((e.target as HTMLInputElement).value)} autocomplete="off" data-testid="erase-word" />
          </Field>
          {error && <p class="error">{error}</p>}
          <div class="form-actions">
            <button onClick={() => setAsking(null)}>{t("action.cancel")}</button>
            <button class="danger" onClick={erase} disabled={busy || typed.trim().toLowerCase() !== word.toLowerCase()}>
              {t("block.eraseConfirm")}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}

/** The banner above a blocked contact's conversation, with Unblock; it follows the contact live. */
export function BlockedBanner(props: { contactId: number }) {
  const [contact, setContact] = useState<Contact | null>(null);
  const [error, setError] = useState("");
  useEffect(() => {
    setContact(null);
    const load = () => get<Contact>(`/contacts/${props.contactId}`).then(setContact).catch(() => setContact(null));
    load();
    return onEvent((e) => {
      if (e.type === "contact.updated" && e.data?.id === props.contactId) setContact(e.data as Contact);
    });
  }, [props.contactId]);
  if (!contact?.blocked) return null;
  const unblock = async () => {
    setError("");
    try {
      setContact(await patch<Contact>(`/contacts/${contact.id}`, { blocked: false }));
    } catch (err) {
      setError(problem(err).message);
    }
  };
  return (
    <div class="blocked-banner" role="status" data-testid="blocked-banner">
      <span>{t("block.banner")}</span>
      <button onClick={unblock}>{t("block.unblock")}</button>
      {error && <span class="error">{error}</span>}
    </div>
  );
}
