// Portuguese texts of en-format.ts: the composer's formatting.
import type { formatTexts } from "./en-format";

export const ptFormat = {
  "format.toggle": "Formatação",
  "format.bold": "Negrito",
  "format.italic": "Itálico",
  "format.strike": "Tachado",
  "format.code": "Código",
  "format.link": "Link",
  "format.list": "Lista com marcadores",
  "format.ordered": "Lista numerada",
  "format.quote": "Citação",
  "format.preview": "Pré-visualizar",
  "format.previewLabel": "Como o cliente vê",
} satisfies Record<keyof typeof formatTexts, string>;
