// Portuguese texts of en-problems.ts: the server's problems, by code.
import type { wordsTexts, problemTexts } from "./en-problems";

export const ptProblems = {
  "problem.fields": "Alguns campos não são válidos.",
  "problem.not_found": "Não encontrado: foi eliminado, ou não o pode ver.",
  "problem.forbidden": "Não tem permissão para fazer isto.",
  "problem.conflict": "Entra em conflito com uma alteração feita entretanto. Recarregue e tente de novo.",
  "problem.unauthorized": "Email ou palavra-passe errados, ou a sessão terminou.",
  "problem.window_closed": "A janela de atendimento está fechada: envie um modelo.",
  "problem.opted_out": "O cliente pediu para não receber mensagens neste canal.",
  "problem.rate_limited": "Demasiadas tentativas. Aguarde um pouco e tente de novo.",
  "problem.unavailable": "Não é possível contactar o Switchboard agora. Tente daqui a alguns segundos.",
  "problem.too_large": "É demasiado grande.",
  "problem.internal": "Algo correu mal. Tente de novo.",

  "fieldError.required": "Obrigatório.",
  "fieldError.length": "Escreva de {min} a {max} caracteres.",
  "fieldError.too_long": "Use no máximo {max} caracteres.",
  "fieldError.too_short": "Use pelo menos {min} caracteres.",
  "fieldError.email": "Escreva um endereço de email válido.",
  "fieldError.taken": "Já está em uso.",
  "fieldError.future": "Escolha um momento no futuro.",
  "fieldError.wrong_password": "Esta não é a sua palavra-passe atual.",
  "fieldError.password_too_long": "Demasiado longa: no máximo {max} bytes, menos com acentos ou emojis.",
  "fieldError.password_common": "É uma das palavras-passe mais comuns: escolha outra.",
  "fieldError.password_repetitive": "Repete-se ou segue uma sequência: escolha outra.",
  "fieldError.password_personal": "Não use o seu nome nem o seu endereço de email.",

  "notFound.title": "Conversa não encontrada",
  "notFound.text": "Foi eliminada, ou não tem acesso a ela.",
  "notFound.back": "Voltar à caixa de entrada",

} satisfies Record<keyof typeof problemTexts | keyof typeof wordsTexts, string>;
