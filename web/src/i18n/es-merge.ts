// Spanish texts of en-merge.ts: contact merges.
import type { mergeTexts } from "./en-merge";

export const esMerge = {
  "merge.duplicates": "Posibles duplicados",
  "merge.reason.same_phone": "Mismo número de teléfono",
  "merge.reason.same_email": "Misma dirección de correo",
  "merge.reason.visitor_email": "Un visitante de la web escribió este correo",
  "merge.reason.name_and_handle": "Mismo nombre y un usuario parecido",
  "merge.confidence": "{percent}% de certeza",
  "merge.open": "Fusionar…",
  "merge.title": "Fusionar {other} con {name}",
  "merge.intro": "{name} conserva sus valores; los de {other} llenan los vacíos. Etiquetas y atributos se unen. Podrás deshacer la fusión.",
  "merge.fromOther": "de {other}",
  "merge.identitiesMove": "Direcciones que pasan",
  "merge.conversationsMove": "Conversaciones que pasan: {count}",
  "merge.confirm": "Confirmar fusión",
  "merge.history": "Fusiones",
  "merge.merged": "{other} fusionado por {actor}, {date}",
  "merge.undone": "deshecha",
  "merge.activityMerged": "{who} fusionó el contacto {other} con este",
  "merge.activityUnmerged": "{who} deshizo la fusión de {other}",
  "merge.undo": "Deshacer fusión",
} satisfies Record<keyof typeof mergeTexts, string>;
