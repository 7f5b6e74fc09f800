// Portuguese texts of en-merge.ts: contact merges.
import type { mergeTexts } from "./en-merge";

export const ptMerge = {
  "merge.duplicates": "Possíveis duplicados",
  "merge.reason.same_phone": "Mesmo número de telefone",
  "merge.reason.same_email": "Mesmo endereço de e-mail",
  "merge.reason.visitor_email": "Um visitante do site digitou este e-mail",
  "merge.reason.name_and_handle": "Mesmo nome e um usuário parecido",
  "merge.confidence": "{percent}% de certeza",
  "merge.open": "Mesclar…",
  "merge.title": "Mesclar {other} em {name}",
  "merge.intro": "{name} mantém os seus valores; os de {other} preenchem os vazios. Etiquetas e atributos são unidos. Você poderá desfazer a mesclagem.",
  "merge.fromOther": "de {other}",
  "merge.identitiesMove": "Endereços que passam",
  "merge.conversationsMove": "Conversas que passam: {count}",
  "merge.confirm": "Confirmar mesclagem",
  "merge.history": "Mesclagens",
  "merge.merged": "{other} mesclado por {actor}, {date}",
  "merge.undone": "desfeita",
  "merge.activityMerged": "{who} mesclou o contato {other} neste",
  "merge.activityUnmerged": "{who} desfez a mesclagem de {other}",
  "merge.undo": "Desfazer mesclagem",
} satisfies Record<keyof typeof mergeTexts, string>;
