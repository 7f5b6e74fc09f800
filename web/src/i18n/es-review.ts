// Spanish texts of en-review.ts: identity linking and the review queue.
import type { reviewTexts } from "./en-review";

export const esReview = {
  "review.title": "Posibles duplicados",
  "review.intro": "Contactos que parecen la misma persona: el mismo número de teléfono o email, o un email que escribió un visitante de la web. Combínalos, o indica que no son la misma persona y no se volverán a sugerir.",
  "review.back": "Agenda",
  "review.shared": "Lo que comparten",
  "review.dismiss": "No es la misma persona",
  "review.empty": "No hay posibles duplicados.",
  "review.noneYet": "Ninguno por ahora: carga más para seguir buscando.",
  "review.more": "Cargar más",
  "automation.identity_linking": "Vinculación de identidades",
} satisfies Record<keyof typeof reviewTexts, string>;
