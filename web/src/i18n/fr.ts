import type { Key } from "./en";

// Translations are filled in from en.ts; a key missing here falls back to English.
export const fr: Partial<Record<Key, string>> = {};
