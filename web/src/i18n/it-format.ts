// Italian texts of en-format.ts: the composer's formatting.
import type { formatTexts } from "./en-format";

export const itFormat = {
  "format.toggle": "Formattazione",
  "format.bold": "Grassetto",
  "format.italic": "Corsivo",
  "format.strike": "Barrato",
  "format.code": "Codice",
  "format.link": "Link",
  "format.list": "Elenco puntato",
  "format.ordered": "Elenco numerato",
  "format.quote": "Citazione",
  "format.preview": "Anteprima",
  "format.previewLabel": "Come la vede il cliente",
} satisfies Record<keyof typeof formatTexts, string>;
