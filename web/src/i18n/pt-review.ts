// Portuguese texts of en-review.ts: identity linking and the review queue.
import type { reviewTexts } from "./en-review";

export const ptReview = {
  "review.title": "Possíveis duplicados",
  "review.intro": "Contatos que parecem ser a mesma pessoa: o mesmo número de telefone ou email, ou um email digitado por um visitante do site. Junte-os, ou indique que não são a mesma pessoa e não serão sugeridos novamente.",
  "review.back": "Agenda",
  "review.shared": "O que os dois têm em comum",
  "review.dismiss": "Não é a mesma pessoa",
  "review.empty": "Nenhum possível duplicado.",
  "review.noneYet": "Nenhum encontrado até agora: carregue mais para continuar procurando.",
  "review.more": "Carregar mais",
  "automation.identity_linking": "Ligação de identidades",
} satisfies Record<keyof typeof reviewTexts, string>;
