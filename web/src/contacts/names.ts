// How a contact is named wherever a name appears: its name, or, for an unknown sender not named
// yet, "Unknown · " and the address they wrote from, nicely written ("+39 333 123 4567"), so
// that agents can tell two unknown senders apart at a glance.
import { t } from "../i18n";
import type { Contact } from "../types";

// Country calling codes of one and two digits; every other code has three (ITU E.164).
const oneDigit = new Set(["1", "7"]);
const twoDigits = new Set(
  "20 27 30 31 32 33 34 36 39 40 41 43 44 45 46 47 48 49 51 52 53 54 55 56 57 58 60 61 62 63 64 65 66 81 82 84 86 90 91 92 93 94 95 98".split(" "),
);

/** Writes an E.164 number in groups ("+393331234567" → "+39 333 123 4567"); other handles as they are. */
export function formatHandle(handle: string): string {
  const h = handle.trim();
  if (!/^\+\d{7,15}$/.test(h)) return h;
  const d = h.slice(1);
  const cc = oneDigit.has(d[0]) ? d[0] : twoDigits.has(d.slice(0, 2)) ? d.slice(0, 2) : d.slice(0, 3);
  const rest = d.slice(cc.length);
  // Groups of three, the last one four (3-3-4 for ten digits, as most plans read).
  const groups: string[] = [];
  let i = 0;
  while (rest.length - i > 4) {
    groups.push(rest.slice(i, i + 3));
    i += 3;
  }
  groups.push(rest.slice(i));
  return "+" + cc + " " + groups.join(" ");
}

/** The name to show: name, else "Unknown · handle" (just "Unknown" without a handle). */
export function displayName(name: string | null | undefined, handle?: string | null): string {
  if (name) return name;
  const h = handle ? formatHandle(handle) : "";
  return h ? `${t("contact.unknown")} · ${h}` : t("contact.unknown");
}

/** The handle a contact is known by: its phone, its email, else its first address. */
export function handleOf(c: Pick<Contact, "phone" | "email" | "identities">): string {
  return c.phone || c.email || c.identities?.[0]?.external_id || "";
}

/** A contact's name to show (see displayName). */
export function contactName(c: Pick<Contact, "name" | "phone" | "email" | "identities">): string {
  return displayName(c.name, handleOf(c));
}
