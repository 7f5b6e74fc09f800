// Server problems in the agent's language. The server answers every error with a code and an
// English message, and gives each field problem whose rule has one a stable code (field_codes,
// with the min and max it names). The UI says each code it knows in the agent's language and
// keeps the server's English for the rest; in English the server's own sentences, which are the
// most specific, are shown as they are.
import { has, language, t } from "./i18n";

type FieldCode = { code: string; min?: number; max?: number };

/** The text of key in the agent's language, when such a key exists. */
function say(key: string, vars?: Record<string, number>): string | undefined {
  return has(key) ? t(key, vars) : undefined;
}

export function localise(code: string, message: string, fields: Record<string, string>, codes: Record<string, FieldCode>) {
  if (language.value === "en") return { message, fields };
  const out: Record<string, string> = {};
  for (const [f, m] of Object.entries(fields)) {
    const c = codes[f];
    out[f] = (c && say("fieldError." + c.code, { min: c.min ?? 0, max: c.max ?? 0 })) ?? m;
  }
  // "invalid" with no field says something particular that no general text covers.
  const general = code !== "invalid" ? "problem." + code : Object.keys(fields).length ? "problem.fields" : "";
  return { message: (general && say(general)) ?? message, fields: out };
}
