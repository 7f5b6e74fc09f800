// Spanish texts of en-format.ts: the composer's formatting.
import type { formatTexts } from "./en-format";

export const esFormat = {
  "format.toggle": "Formato",
  "format.bold": "Negrita",
  "format.italic": "Cursiva",
  "format.strike": "Tachado",
  "format.code": "Código",
  "format.link": "Enlace",
  "format.list": "Lista con viñetas",
  "format.ordered": "Lista numerada",
  "format.quote": "Cita",
  "format.preview": "Vista previa",
  "format.previewLabel": "Cómo lo ve el cliente",
} satisfies Record<keyof typeof formatTexts, string>;
