// Spanish texts of en-format.ts: the composer's formatting.
import type { formatTexts } from "./en-format";

export const esFormat = {
  "format.toggle": "Formato",
  "format.toolbar": "Formato del texto",
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
  "format.empty": "Todavía no hay nada que mostrar.",
} satisfies Record<keyof typeof formatTexts, string>;
