// Live changes of contacts: a contact named or changed elsewhere (contact.updated, which the
// stream sends to those who see the contact) shows at once in the lists that hold it.
import { useEffect } from "preact/hooks";
import { onEvent } from "../stream";
import type { Contact } from "../types";

/** Calls apply with each contact the stream says changed (events that carry the contact). */
export function useContactUpdates(apply: (c: Contact) => void) {
  useEffect(
    () =>
      onEvent((e) => {
        const c = e.type === "contact.updated" ? (e.data as Contact | null) : null;
        if (c && typeof c.id === "number" && typeof c.name === "string") apply(c);
      }),
    [],
  );
}
