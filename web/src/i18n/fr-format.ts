// French texts of en-format.ts: the composer's formatting.
import type { formatTexts } from "./en-format";

export const frFormat = {
  "format.toggle": "Mise en forme",
  "format.bold": "Gras",
  "format.italic": "Italique",
  "format.strike": "Barré",
  "format.code": "Code",
  "format.link": "Lien",
  "format.list": "Liste à puces",
  "format.ordered": "Liste numérotée",
  "format.quote": "Citation",
  "format.preview": "Aperçu",
  "format.previewLabel": "Ce que voit le client",
} satisfies Record<keyof typeof formatTexts, string>;
