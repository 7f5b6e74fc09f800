// Portuguese texts of en-crm.ts: the link to the company's CRM.
import type { crmTexts } from "./en-crm";

export const ptCrm = {
  "settings.crm": "Fichas de clientes",
  "crm.open": "Abrir no CRM",
  "crm.section": "Do seu CRM",
  "crm.loading": "Consultando o seu CRM…",
  "crm.failed": "Não foi possível consultar o seu CRM agora.",
  "crm.retry": "Tentar novamente",
  "crm.nothing": "O seu CRM não tem nada sobre este contato.",
  "crm.record": "Abrir a ficha",
  "crm.fetched": "Obtido {time}",
  "crm.intro":
    "Ligue cada contato à sua ficha no CRM da sua empresa e mostre alguns dos campos dela ao lado da conversa.",
  "crm.linkTitle": "Link para a ficha",
  "crm.template": "Modelo do link",
  "crm.templateHint":
    "Um endereço http ou https. Marcadores: {id}, {email}, {phone}, {name}, {external_id:api} (qualquer tipo de endereço) e {attributes.plan} (qualquer atributo). Um contato com um valor vazio não tem link.",
  "crm.label": "Texto do link",
  "crm.labelHint": "Deixe vazio para “Abrir no CRM”.",
  "crm.lookupTitle": "Consulta",
  "crm.lookupIntro":
    "Quando um agente abre um contato, o Switchboard envia-o para este endereço, assinado como os webhooks, e mostra os campos da resposta. As respostas ficam guardadas por 5 minutos.",
  "crm.lookupURL": "URL de consulta",
  "crm.lookupURLHint": "Deixe vazio para desativar a consulta.",
  "crm.secret": "Segredo de assinatura",
  "crm.secretSet": "Há um segredo definido. Digite um novo para substituí-lo.",
  "crm.secretNotSet": "Ainda sem segredo: de 16 a 200 caracteres, conhecido também pelo seu CRM.",
  "crm.saved": "Salvo.",
  "crm.lastSuccess": "Última consulta respondida: {time}.",
  "crm.lastError": "Última falha, {time}:",
  "crm.testTitle": "Testar a consulta",
  "crm.testSearch": "Procurar um contato",
  "crm.testContact": "Contato",
  "crm.test": "Testar",
} satisfies Record<keyof typeof crmTexts, string>;
