// Portuguese texts of en-messenger.ts: Messenger inboxes.
import type { messengerTexts } from "./en-messenger";

export const ptMessenger = {
  "settings.inboxes.field.page_id": "ID da Página do Facebook",
  "settings.inboxes.field.app_id": "ID do app da Meta",
  "settings.inboxes.field.human_agent": "Permissão Human Agent",
  "settings.inboxes.hint.page_id": "Na seção Sobre da Página ou no Meta Business Suite (dígitos).",
  "settings.inboxes.hint.app_id": "Reconhece os ecos dos envios do Switchboard.",
  "settings.inboxes.hint.human_agent": "Só se a Meta concedeu Human Agent ao seu app: os agentes podem responder até 7 dias após a última mensagem do cliente.",
  "window.human": "Janela de agente humano: faltam {left}",
  "window.closedWait": "A janela de resposta está fechada: o cliente precisa escrever de novo.",
  "window.neverWait": "Este cliente ainda não escreveu: ele precisa escrever primeiro.",
  "window.waitPlaceholder": "Fora da janela não é possível responder.",
  "activity.referralAd": "O cliente veio de um anúncio",
  "activity.referralLink": "O cliente veio de um link m.me",
  "activity.referralOther": "O cliente veio de {source}",
  "message.edited": "editado",
  "message.editedFrom": "Antes: {text}",
} satisfies Record<keyof typeof messengerTexts, string>;
