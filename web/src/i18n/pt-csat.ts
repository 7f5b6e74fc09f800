// Portuguese texts of en-csat.ts: the satisfaction survey of an inbox.
import type { csatTexts } from "./en-csat";

export const ptCSAT = {
  "csat.menu": "CSAT",
  "csat.title": "Inquérito de satisfação: {name}",
  "csat.intro": "Depois de cada resolução pede-se ao cliente que avalie a conversa, uma vez: não de novo se voltar a ser resolvida em 24 horas, nem se já estiver avaliada. A avaliação aparece no fio e na conversa.",
  "csat.enabled": "Pedir ao cliente que avalie a conversa depois de resolvida",
  "csat.how.webchat": "Chat web: o widget mostra o seu formulário de avaliação por baixo da conversa resolvida.",
  "csat.how.whatsapp": "WhatsApp: botões de resposta (até 3 respostas) ou uma lista (de 1 a 5); através da Twilio, uma pergunta de texto. Não é enviado com a janela de 24 horas fechada.",
  "csat.how.email": "Email: uma mensagem com um link por avaliação para uma página onde o cliente confirma e pode comentar.",
  "csat.how.text": "Uma pergunta de texto: a mensagem seguinte do cliente, em 24 horas, é a resposta se for só um número (ou 👍/👎).",
  "csat.question": "Pergunta",
  "csat.questionHint": "Vazia: “How would you rate our help with this conversation?”",
  "csat.scale": "Escala",
  "csat.scale5": "De 1 a 5",
  "csat.scale3": "De 1 a 3 (guardados como 1, 3, 5)",
  "csat.thumbs": "👍 / 👎 (guardados como 5 e 1)",
  "csat.thankYou": "Mensagem de agradecimento",
  "csat.thankYouHint": "Enviada depois de uma resposta por mensagem; mostrada na página de avaliação do email. Vazia: nenhuma.",
  "csat.askComment": "Oferecer um comentário (chat web e página de avaliação do email)",
  "csat.answer": "Resposta ao inquérito: {rating}/5",
} satisfies Record<keyof typeof csatTexts, string>;
