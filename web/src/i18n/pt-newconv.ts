// Portuguese texts of en-newconv.ts: the "New conversation" dialog.
import type { newconvTexts } from "./en-newconv";

export const ptNewconv = {
  "newconv.action": "Nova conversa",
  "newconv.short": "Nova",
  "newconv.noInbox": "Nenhuma das caixas de entrada pode iniciar uma conversa.",
  "newconv.to": "Para",
  "newconv.hint.phone": "Um contacto, ou um número com o código do país: +351 912 345 678",
  "newconv.hint.email": "Um contacto, ou um endereço de e-mail",
  "newconv.hint.api": "Um contacto, ou o id do cliente no sistema",
  "newconv.change": "Escolher outro contacto",
  "newconv.name": "Nome (opcional)",
  "newconv.template": "Modelo",
  "newconv.text": "Texto",
  "newconv.templateHint": "A quem nunca escreveu, ou escreveu pela última vez há mais de 24 horas, só se pode enviar um modelo aprovado.",
  "newconv.subject": "Assunto",
  "newconv.message": "Mensagem",
  "newconv.start": "Iniciar conversa",
} satisfies Record<keyof typeof newconvTexts, string>;
