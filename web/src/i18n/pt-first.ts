// Portuguese texts of en-first.ts.
import type { firstTexts } from "./en-first";

export const ptFirst = {
  "welcome.title": "Boas-vindas ao Switchboard",
  "welcome.none": "Ainda não há conversas",
  "welcome.noInbox": "Ainda não há caixas de entrada",
  "welcome.connectIntro": "Conecte WhatsApp, SMS, e-mail ou seu próprio app, e as mensagens dos seus clientes chegarão aqui.",
  "welcome.waiting": "As conversas aparecem aqui assim que os clientes escrevem.",
  "welcome.agentNoInbox": "Peça a um administrador para adicionar você a uma caixa de entrada.",
  "welcome.connect": "Conectar o primeiro canal",
  "welcome.inboxes": "Verificar seus canais",
  "welcome.demo": "Abrir a demonstração",
  "welcome.demoRun": "Execute isto no servidor (make demo no código-fonte) e abra o endereço que ele mostrar:",
  "welcome.demoWhat": "Um espaço de trabalho separado, em que clientes simulados de WhatsApp, Messenger, Instagram, SMS e chat do site escrevem e respondem. Nada chega a pessoas reais; este espaço fica como está.",
  "demo.banner": "Espaço de demonstração: clientes simulados de WhatsApp, Messenger, Instagram, SMS e chat do site escrevem e respondem às suas respostas. Nada chega a pessoas reais.",
  "thread.unreadMark": "Novas mensagens",
  "print.loading": "Carregando… {n} mensagens",
  "print.ready": "{n} mensagens",
  "print.dates": "Datas",
  "print.printed": "Impresso em",
} satisfies Record<keyof typeof firstTexts, string>;
