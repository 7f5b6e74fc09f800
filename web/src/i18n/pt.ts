// Portuguese: every key of en.ts and en-settings.ts, in the same order. `satisfies` makes the type
// checker refuse a missing or an unknown key. European Portuguese, in wording Brazilians read
// without trouble (no "você", impersonal forms). Terms: conversa, caixa de entrada, responsável,
// adiar, resolver, resposta predefinida, nota, menção, etiqueta, webhook, equipa.
import type { Key } from "./en";
import { ptThread } from "./pt-thread";
import { ptNewconv } from "./pt-newconv";
import { ptFirst } from "./pt-first";
import { ptStatus } from "./pt-status";
import { ptProblems } from "./pt-problems";
import { ptFormat } from "./pt-format";
import { ptMessenger } from "./pt-messenger";
import { ptInstagram } from "./pt-instagram";
import { ptComments } from "./pt-comments";
import { ptContactsBook } from "./pt-contacts-book";
import { ptCrm } from "./pt-crm";
import { ptMetaOAuth } from "./pt-metaoauth";
import { ptDm } from "./pt-dm";
import { ptWebchat } from "./pt-webchat";
import { ptWcflows } from "./pt-wcflows";
import { ptWcsettings } from "./pt-wcsettings";
import { ptHours } from "./pt-hours";
import { ptAssign } from "./pt-assign";
import { ptCSAT } from "./pt-csat";
import { ptTeamAssign } from "./pt-teamassign";
import { ptAttrs } from "./pt-attrs";
import { ptMerge } from "./pt-merge";
import { ptNotes } from "./pt-notes";
import { ptReview } from "./pt-review";
import { ptBlock } from "./pt-block";
import { ptHoursTpl } from "./pt-hourstpl";
import { ptAutomation } from "./pt-automation";
import { ptRules } from "./pt-rules";
import { ptBots } from "./pt-bots";
import { ptSla } from "./pt-sla";
import { ptAssistant } from "./pt-assistant";
import { ptCopilot } from "./pt-copilot";
import { ptReports } from "./pt-reports";
import { ptNotifications } from "./pt-notifications";

export const pt = {
  ...ptReports, // the reports
  ...ptNotifications, // the bell, its panel and Settings › Notifications
  ...ptAssistant, // the assistant: its settings, the analysis note, filters and inbox switches
  ...ptThread, // voice notes, contact cards, delivery failures
  ...ptNewconv, // the "New conversation" dialog
  ...ptFirst, // the first-run guide, the demo banner, the unread line, printing
  ...ptStatus, // window and delivery status of rows and replies
  ...ptProblems, // server problems by code, the not-found screen
  ...ptFormat, // the composer's formatting
  ...ptMessenger, // Messenger inboxes
  ...ptInstagram, // Instagram inboxes
  ...ptComments, // comments under posts
  ...ptContactsBook, // the address book
  ...ptCrm, // the link to the company's CRM
  ...ptMetaOAuth, // connecting Messenger and Instagram with Meta's sign-in
  ...ptDm, // Messenger and Instagram conversations
  ...ptWebchat, // web chat conversations
  ...ptWcflows, // web chat conversation flows
  ...ptAssign, // automatic assignment settings
  ...ptCSAT, // satisfaction survey settings
  ...ptTeamAssign, // a team's automatic assignment settings
  ...ptMerge, // contact merges
  ...ptNotes, // notes on a contact and its activity
  ...ptAttrs, // contacts' custom attributes
  ...ptReview, // identity linking and the review queue of duplicates
  ...ptBlock, // blocking and erasing contacts, the audit log
  ...ptHoursTpl, // templates of auto-replies once the window has closed
  ...ptAutomation, // the automatic actors milestones credit
  ...ptRules, // Settings › Rules: the rule builder, its test and run log
  ...ptBots, // inboxes' bots: settings, header chip, milestones
  ...ptSla, // SLA policies and their timers
  ...ptWcsettings, // the web chat settings screen
  ...ptHours, // an inbox's hours and auto-replies
  ...ptCopilot, // the assistant in the composer, translations in the thread
  "action.add": "Adicionar",
  "action.back": "Voltar",
  "action.cancel": "Cancelar",
  "action.close": "Fechar",
  "action.delete": "Eliminar",
  "action.edit": "Editar",
  "action.removeLabel": "Remover a etiqueta {name}",
  "action.retry": "Tentar novamente",
  "action.save": "Guardar",
  "action.signOut": "Terminar sessão",

  "activity.assigned": "{who} atribuiu a conversa a {agent}",

  "activity.took": "{who} ficou com a conversa",
  "activity.deleted": "{who} eliminou uma mensagem",
  "activity.identityAdded": "{who} adicionou o endereço {address} ao contacto",
  "activity.identityRemoved": "{who} removeu o endereço {address} do contacto",
  "activity.labelsAdded": "{who} adicionou {labels}",
  "activity.labelsRemoved": "{who} removeu {labels}",
  "activity.snoozed": "{who} adiou a conversa até {until}",
  "activity.status": "{who} marcou a conversa como {status}",
  "activity.unassigned": "{who} removeu a atribuição da conversa",

  "boot.offline": "O Switchboard não está acessível. Verifique se o servidor está em execução.",

  "channel.whatsapp": "WhatsApp",
  "channel.messenger": "Messenger",
  "channel.instagram": "Instagram",
  "channel.rcs": "RCS",
  "channel.sms": "SMS",
  "channel.email": "E-mail",
  "channel.webchat": "Chat do site",
  "channel.telegram": "Telegram",
  "channel.api": "API",

  "composer.addNote": "Adicionar nota",
  "composer.attach": "Anexar ficheiros",
  "composer.badType": "{name}: este canal não pode enviar este tipo de ficheiro.",
  "composer.files": "Ficheiros a enviar",
  "composer.noFiles": "Este canal não pode enviar ficheiros.",
  "composer.removeFile": "Remover {name}",
  "composer.tooBig": "{name} tem mais de {mb} MB, o máximo que este canal envia.",
  "composer.tooMany": "Este canal envia no máximo {n} ficheiros por mensagem.",
  "composer.uploading": "A carregar…",
  "composer.canned": "Respostas predefinidas",
  "composer.emoji": "Inserir emoji",
  "composer.hint": "Enter para enviar · Shift+Enter para uma nova linha · / para respostas predefinidas",
  "composer.later": "Agendar",
  "composer.laterTitle": "Enviar esta resposta mais tarde",
  "composer.mention": "Mencionar um colega",
  "composer.mode": "Resposta ou nota",
  "composer.note": "Nota",
  "composer.notePlaceholder": "Escreva uma nota privada para a equipa; @ menciona um colega",
  "composer.placeholder": "Escreva uma resposta",
  "composer.reply": "Resposta",
  "composer.replyingTo": "Em resposta a {name}",
  "composer.schedule": "Agendar",
  "composer.send": "Enviar",
  "composer.sendAt": "Data e hora de envio",

  "contact.addAttribute": "Adicionar um campo",
  "contact.attributeName": "Campo",
  "contact.attributes": "Campos personalizados",
  "contact.attributeValue": "Valor",
  "contact.removeAttribute": "Remover {name}",
  "contact.conversations": "Conversas",
  "contact.files": "Ficheiros partilhados",
  "contact.firstSeen": "Primeira interação",
  "contact.identities": "Canais",
  "contact.title": "Contacto",
  "contact.unknown": "Desconhecido",

  "conv.agents": "Agentes",
  "conv.assignToMe": "Atribuir a mim",
  "conv.flag": "Sinalizar",
  "conv.flagged": "Sinalizada",
  "conv.labels": "Etiquetas",
  "conv.markRead": "Marcar como lida",
  "conv.markUnread": "Marcar como não lida",
  "conv.more": "Mais",
  "conv.print": "Imprimir transcrição",
  "conv.priority": "Prioridade",
  "conv.reopen": "Reabrir",
  "conv.resolve": "Resolver",
  "conv.snooze": "Adiar",
  "conv.snoozedUntil": "até {time}",
  "conv.teams": "Equipas",
  "conv.unassign": "Remover atribuição",
  "conv.unassigned": "Não atribuída",
  "conv.unread": "Não lida",

  "error.unexpected": "Ocorreu um erro. Tente novamente.",

  "field.avatarUrl": "URL do avatar",
  "field.email": "E-mail",
  "field.language": "Idioma",
  "field.name": "Nome",
  "field.password": "Palavra-passe",
  "field.phone": "Telefone",
  "field.timeZone": "Fuso horário",

  "filter.agent": "Um agente",
  "filter.any": "Qualquer",
  "filter.assignee": "Responsável",
  "filter.channel": "Canal",
  "filter.clear": "Limpar filtros",
  "filter.customer": "O cliente",
  "filter.flagged": "Sinalizadas",
  "filter.inbox": "Caixa de entrada",
  "filter.label": "Etiqueta",
  "filter.lastReplier": "Última mensagem de",
  "filter.more": "Filtros",
  "filter.no": "Não",
  "filter.since": "De",
  "filter.sort": "Ordenar",
  "filter.status": "Estado",
  "filter.team": "Equipa",
  "filter.unread": "Não lidas",
  "filter.until": "Até",
  "filter.yes": "Sim",

  "inbox.pick": "Escolha uma conversa para ver as mensagens.",
  "inbox.shortcutsHint": "Use ? para ver os atalhos de teclado.",

  "label.new": "Nova etiqueta",

  "list.empty": "Nenhuma conversa aqui.",
  "list.loading": "A carregar…",
  "list.markAllRead": "Marcar todas como lidas",
  "list.title": "Conversas",
  "list.views": "Vistas",

  "login.submit": "Iniciar sessão",
  "login.title": "Iniciar sessão no Switchboard",

  "message.deleted": "Esta mensagem foi eliminada.",
  "message.document": "Documento",
  "message.failed": "Não entregue",
  "message.in": "Mensagem de {name}",
  "message.location": "Localização",
  "message.note": "Nota de {name}",
  "message.noteBy": "Nota · {name}",
  "message.out": "Resposta de {name}",
  "message.replyTo": "Responder a esta mensagem",

  "nav.inbox": "Entrada",
  "nav.main": "Principal",
  "nav.reports": "Relatórios",
  "nav.settings": "Definições",


  "presence.away": "Ausente",
  "presence.offline": "Offline",
  "presence.online": "Online",

  "priority.high": "Alta",
  "priority.low": "Baixa",
  "priority.medium": "Média",
  "priority.none": "Sem prioridade",
  "priority.urgent": "Urgente",

  "profile.browserLanguage": "O idioma do navegador",
  "profile.changePassword": "Alterar palavra-passe",
  "profile.currentPassword": "Palavra-passe atual",
  "profile.newPassword": "Nova palavra-passe",
  "profile.password": "Palavra-passe",
  "profile.passwordChanged": "Palavra-passe alterada. As suas outras sessões e tokens de API terminaram.",
  "profile.presence": "Disponibilidade",
  "profile.presenceHint":
    "«Online» acompanha as janelas do Switchboard abertas: passa a ausente uns minutos depois de fechar a última.",
  "profile.saved": "Guardado.",
  "profile.theme": "Aparência",

  "scheduled.at": "Envio em {time}",
  "scheduled.title": "Respostas agendadas",

  "search.contacts": "Contactos",
  "search.label": "Pesquisar contactos e mensagens",
  "search.messages": "Mensagens",
  "search.none": "Nenhum resultado para “{q}”.",
  "search.placeholder": "Pesquisar",
  "search.searching": "A pesquisar…",

  "settings.profile": "O seu perfil",

  "setup.intro": "Crie a primeira conta de administrador. Depois poderá convidar a sua equipa.",
  "setup.passwordHint": "Pelo menos 10 caracteres; não uma palavra-passe comum, uma sequência, um nome ou um endereço de email.",
  "setup.submit": "Criar administrador e iniciar sessão",
  "setup.title": "Boas-vindas ao Switchboard",

  "shortcut.assign": "Atribuir",
  "shortcut.help": "Mostrar esta ajuda",
  "shortcut.newline": "Nova linha na mensagem",
  "shortcut.next": "Conversa seguinte",
  "shortcut.note": "Escrever uma nota",
  "shortcut.prev": "Conversa anterior",
  "shortcut.reply": "Responder",
  "shortcut.resolve": "Resolver ou reabrir",
  "shortcut.search": "Pesquisar",
  "shortcut.send": "Enviar",
  "shortcut.snooze": "Adiar",
  "shortcut.title": "Atalhos de teclado",

  "snooze.1h": "1 hora",
  "snooze.2h": "2 horas",
  "snooze.4h": "4 horas",
  "snooze.custom": "Escolher data e hora…",
  "snooze.customTitle": "Adiar até",
  "snooze.next_monday": "Próxima segunda-feira, 9:00",
  "snooze.tomorrow": "Amanhã, 9:00",
  "snooze.until": "Até",

  "sort.newest": "Mais recentes",
  "sort.waiting": "Maior tempo de espera",

  "status.all": "Todos os estados",
  "status.open": "Aberta",
  "status.pending": "Pendente",
  "status.resolved": "Resolvida",
  "status.snoozed": "Adiada",

  "stream.reconnecting": "A restabelecer a conexão… as alterações aparecerão assim que a conexão voltar.",

  "theme.dark": "Escuro",
  "theme.light": "Claro",
  "theme.system": "Como o sistema",

  "thread.older": "Carregar mensagens anteriores",
  "thread.title": "Conversa",

  "tick.accepted": "Aceite",
  "tick.delivered": "Entregue",
  "tick.failed": "Falhou",
  "tick.pending": "A enviar",
  "tick.read": "Lida",
  "tick.sent": "Enviada",

  "view.all": "Todas",
  "view.mentions": "Menções",
  "view.mine": "Minhas",
  "view.unassigned": "Por atribuir",

  // Settings pages (en-settings.ts).
  "settings.actionOn": "{action}: {name}",
  "settings.actions": "Ações",
  "settings.copied": "Copiado",
  "settings.copy": "Copiar",
  "settings.description": "Descrição",
  "settings.done": "Concluído",
  "settings.secret": "Segredo",
  "settings.secretOnce": "Copie-o agora e guarde-o num local seguro: só é mostrado desta vez.",

  "settings.role.admin": "Administrador",
  "settings.role.agent": "Agente",
  "settings.role.supervisor": "Supervisor",

  "settings.agents": "Agentes",
  "settings.agents.create": "Adicionar agente",
  "settings.agents.deleteMessage":
    "Deixa de poder iniciar sessão, as suas sessões e tokens de API são revogados e as suas conversas abertas ficam sem atribuição. As suas mensagens mantêm o nome.",
  "settings.agents.deleteTitle": "Remover {name}?",
  "settings.agents.editTitle": "Editar {name}",
  "settings.agents.empty": "Ainda não há agentes.",
  "settings.agents.intro":
    "As pessoas que respondem às conversas. Os agentes veem as caixas de entrada a que pertencem; os supervisores veem todas; os administradores também gerem as definições.",
  "settings.agents.new": "Novo agente",
  "settings.agents.passwordEnds": "As suas sessões e tokens de API terminam: volta a entrar com a nova palavra-passe.",
  "settings.agents.passwordTitle": "Definir a palavra-passe de {name}",
  "settings.agents.role": "Função",
  "settings.agents.roleHint": "Os administradores gerem as definições; os supervisores veem todas as caixas de entrada; os agentes veem só as suas.",
  "settings.agents.setPassword": "Definir palavra-passe",
  "settings.agents.you": "(eu)",

  "settings.teams": "Equipas",
  "settings.teams.create": "Criar equipa",
  "settings.teams.deleteMessage": "Os membros mantêm-se, mas perdem as caixas de entrada a que pertenciam só através desta equipa.",
  "settings.teams.deleteTitle": "Eliminar a equipa {name}?",
  "settings.teams.editTitle": "Editar {name}",
  "settings.teams.empty": "Ainda não há equipas.",
  "settings.teams.intro":
    "Grupos de agentes. Uma equipa pode pertencer a caixas de entrada, para que todos os seus agentes as vejam, e receber conversas atribuídas.",
  "settings.teams.members": "Membros",
  "settings.teams.new": "Nova equipa",
  "settings.teams.noMembers": "Sem membros",

  "settings.inboxes": "Caixas de entrada",
  "settings.inboxes.addSecret": "Adicionar segredo",
  "settings.inboxes.channel": "Canal",
  "settings.inboxes.create": "Criar caixa de entrada",
  "settings.inboxes.createToken": "Criar token de integração",
  "settings.inboxes.deleteMessage":
    "Todas as conversas e mensagens desta caixa de entrada são eliminadas com ela. Esta ação não pode ser anulada.",
  "settings.inboxes.deleteTitle": "Eliminar a caixa de entrada {name}?",
  "settings.inboxes.details": "Detalhes",
  "settings.inboxes.editTitle": "Editar {name}",
  "settings.inboxes.empty": "Ainda não há caixas de entrada. Conecte uma para começar a receber conversas.",
  "settings.inboxes.intro":
    "Cada caixa de entrada é uma conta de canal conectada. Os agentes veem as caixas de entrada a que pertencem, diretamente ou através de uma equipa.",
  "settings.inboxes.hasToken": "A integração tem um token.",
  "settings.inboxes.noToken": "Ainda sem token de integração.",
  "settings.inboxes.revokeToken": "Revogar token",
  "settings.inboxes.revokeTitle": "Revogar o token de integração de {name}?",
  "settings.inboxes.revokeMessage": "A integração não poderá enviar nada até ser criado um novo token.",
  "settings.inboxes.keepSecret": "Manter",
  "settings.inboxes.members": "Membros",
  "settings.inboxes.membersHint": "Os agentes escolhidos aqui, e todos os agentes das equipas escolhidas aqui, veem esta caixa de entrada.",
  "settings.inboxes.membersTitle": "Quem pertence a {name}",
  "settings.inboxes.new": "Nova caixa de entrada",
  "settings.inboxes.newSecretName": "Nome de outro segredo",
  "settings.inboxes.noOutbound": "Sem URL de saída: as respostas não podem ser entregues.",
  "settings.inboxes.outboundHint": "O Switchboard envia aqui, por POST, cada resposta dos agentes, assinada com o segredo de assinatura.",
  "settings.inboxes.outboundUrl": "URL de saída",
  "settings.inboxes.removeSecret": "Remover",
  "settings.inboxes.secretIsSet": "Definido. Escreva um novo valor para o substituir.",
  "settings.inboxes.secretNotSet": "Não definido.",
  "settings.inboxes.secretRemoving": "Será removido ao guardar.",
  "settings.inboxes.secrets": "Segredos",
  "settings.inboxes.secretsHint": "Os segredos são guardados encriptados e nunca mais são mostrados: só pode substituí-los ou removê-los.",
  "settings.inboxes.secretsSet": "Segredos definidos: {names}",
  "settings.inboxes.settings": "Definições (JSON)",
  "settings.inboxes.settingsHint": "A configuração do canal, como objeto JSON.",
  "settings.inboxes.settingsInvalid": "As definições têm de ser um objeto JSON.",
  "settings.inboxes.signingSecret": "Segredo de assinatura",
  "settings.inboxes.tokenMessage":
    "O token permite à integração desta caixa de entrada publicar as mensagens dos seus clientes e os relatórios de entrega, e mais nada. Um novo token substitui o atual de imediato.",
  "settings.inboxes.tokenShown": "Token de integração de {name}",
  "settings.inboxes.tokenTitle": "Criar um token de integração para {name}?",

  "settings.labels": "Etiquetas",
  "settings.labels.color": "Cor",
  "settings.labels.create": "Criar etiqueta",
  "settings.labels.deleteMessage": "A etiqueta é removida de todas as conversas que a têm.",
  "settings.labels.deleteTitle": "Eliminar a etiqueta {name}?",
  "settings.labels.editTitle": "Editar {name}",
  "settings.labels.empty": "Ainda não há etiquetas.",
  "settings.labels.intro": "As etiquetas classificam as conversas, para que os agentes possam filtrar a lista por elas.",
  "settings.labels.nameHint": "No máximo 50 caracteres, sem vírgulas.",
  "settings.labels.preview": "Pré-visualização",

  "settings.canned": "Respostas predefinidas",
  "settings.canned.content": "Conteúdo",
  "settings.canned.create": "Criar resposta predefinida",
  "settings.canned.deleteMessage": "Os agentes deixam de a poder inserir. As respostas já enviadas não mudam.",
  "settings.canned.deleteTitle": "Eliminar {name}?",
  "settings.canned.editTitle": "Editar {name}",
  "settings.canned.empty": "Ainda não há respostas predefinidas.",
  "settings.canned.intro": "Respostas guardadas: para inserir uma, os agentes escrevem / e o atalho na caixa de resposta.",
  "settings.canned.new": "Nova resposta predefinida",
  "settings.canned.shortcut": "Atalho",
  "settings.canned.shortcutHint": "Letras minúsculas, algarismos, - e _; os agentes escrevem o atalho depois de /.",
  "settings.canned.title": "Título",
  "settings.canned.variablesHint":
    "As variáveis são preenchidas com dados da conversa quando a resposta é inserida, e as desconhecidas ou vazias são omitidas: {list}.",

  "settings.webhooks": "Webhooks",
  "settings.rules": "Regras",
  "settings.webhooks.allEvents": "Todos os eventos",
  "settings.webhooks.attempts": "Tentativas",
  "settings.webhooks.body": "Corpo",
  "settings.webhooks.create": "Criar webhook",
  "settings.webhooks.created": "Webhook criado: o seu segredo de assinatura",
  "settings.webhooks.deleteMessage": "{url} deixa de receber eventos e as suas entregas são eliminadas.",
  "settings.webhooks.deleteTitle": "Eliminar este webhook?",
  "settings.webhooks.deliveries": "Entregas",
  "settings.webhooks.deliveriesTitle": "Entregas para {url}",
  "settings.webhooks.delivery.failed": "Falhou",
  "settings.webhooks.delivery.pending": "Pendente",
  "settings.webhooks.delivery.succeeded": "Concluída",
  "settings.webhooks.disable": "Desativar",
  "settings.webhooks.disabled": "Desativado",
  "settings.webhooks.duration": "{ms} ms",
  "settings.webhooks.editTitle": "Editar webhook",
  "settings.webhooks.empty": "Ainda não há webhooks.",
  "settings.webhooks.enable": "Ativar",
  "settings.webhooks.enabled": "Ativado",
  "settings.webhooks.error": "Erro",
  "settings.webhooks.eventType": "Evento",
  "settings.webhooks.events": "Eventos",
  "settings.webhooks.eventsHint": "Deixe todas as caixas desmarcadas para receber todos os tipos de evento.",
  "settings.webhooks.failures": "Falhas seguidas",
  "settings.webhooks.intro":
    "O Switchboard envia por POST para o URL cada evento dos tipos escolhidos, assinado com o segredo do webhook. Após 20 entregas falhadas seguidas, o webhook é desativado.",
  "settings.webhooks.new": "Novo webhook",
  "settings.webhooks.nextAttempt": "próxima tentativa: {time}",
  "settings.webhooks.noDeliveries": "Ainda nada foi entregue.",
  "settings.webhooks.older": "Entregas anteriores",
  "settings.webhooks.refresh": "Atualizar",
  "settings.webhooks.response": "Resposta HTTP",
  "settings.webhooks.rotate": "Renovar segredo",
  "settings.webhooks.rotateMessage": "O segredo atual deixa de funcionar de imediato: atualize o destinatário com o novo.",
  "settings.webhooks.rotateTitle": "Substituir o segredo de assinatura?",
  "settings.webhooks.rotated": "O novo segredo de assinatura",
  "settings.webhooks.secretPrefix": "Segredo {prefix}…",
  "settings.webhooks.state": "Estado",
  "settings.webhooks.test": "Enviar teste",
  "settings.webhooks.testQueued": "Está a caminho uma entrega de teste.",
  "settings.webhooks.time": "Data e hora",
  "settings.webhooks.url": "URL",
  "settings.webhooks.urlHint": "Um endereço http:// ou https:// que responda 2xx em menos de 15 segundos.",

  "settings.tokens": "Tokens de API",
  "settings.tokens.create": "Criar token",
  "settings.tokens.createdAt": "Criado",
  "settings.tokens.shown": "O seu novo token de API",
  "settings.tokens.empty": "Não tem tokens de API.",
  "settings.tokens.intro":
    "Os tokens pessoais permitem que os seus scripts usem a API em seu nome: envie um como Authorization: Bearer <token>.",
  "settings.tokens.lastUsed": "Última utilização",
  "settings.tokens.nameHint": "Para que serve o token, para o poder distinguir.",
  "settings.tokens.never": "Nunca",
  "settings.tokens.new": "Novo token de API",
  "settings.tokens.prefix": "Começa por",
  "settings.tokens.revoke": "Revogar",
  "settings.tokens.revokeMessage": "Os scripts que o usam deixam de funcionar de imediato.",
  "settings.tokens.revokeTitle": "Revogar o token {name}?",

  "window.open": "Janela de resposta aberta: faltam {left}",
  "window.closed": "A janela de 24 horas está fechada: só é possível enviar um modelo.",
  "window.never": "Este cliente ainda não escreveu: comece com um modelo.",
  "window.closedPlaceholder": "Fora da janela não é permitido texto livre. Escolha um modelo.",
  "template.choose": "Modelo",
  "template.title": "Enviar um modelo",
  "template.none": "Esta caixa ainda não tem modelos. Um administrador pode sincronizá-los em Configurações › Caixas › Conexão.",
  "template.status.pending": "Aguardando aprovação",
  "template.status.rejected": "Rejeitado",
  "template.status.paused": "Pausado",
  "template.status.disabled": "Desativado",
  "template.param": "Parâmetro {n}",
  "template.preview": "O que o cliente vai ler",
  "template.send": "Enviar modelo",
  "message.external": "Agente externo",
  "message.template": "Modelo {name}",
  "message.forwarded": "Encaminhada",
  "message.unsupported": "O cliente enviou algo que o Switchboard não consegue mostrar ({kind}).",
  "message.unreadable": "Esta mensagem não pôde ser lida por completo.",
  "message.unreadableEmail": "Este e-mail não pôde ser lido por completo: é mostrado o que foi possível ler.",
  "message.source": "Baixar o original",
  "message.reactions": "Reações",
  "message.reactedBusiness": "{name}, pela equipe",
  "message.react": "Reagir",
  "message.fetching": "Baixando o arquivo do provedor…",
  "message.fetchFailed": "Não foi possível baixar o arquivo: {reason}",
  "settings.inboxes.simulated": "Simulada",
  "settings.inboxes.connection": "Conexão",
  "settings.inboxes.provider": "Provedor",
  "settings.inboxes.field.phone_number_id": "ID do número de telefone",
  "settings.inboxes.field.business_account_id": "ID da conta do WhatsApp Business",
  "settings.inboxes.field.api_base_url": "Endereço da API",
  "settings.inboxes.field.account_sid": "Account SID",
  "settings.inboxes.field.from": "Número remetente",
  "settings.inboxes.field.messaging_service_sid": "Messaging Service SID",
  "settings.inboxes.field.webhook_url": "URL pública do webhook",
  "settings.inboxes.hint.phone_number_id": "No WhatsApp Manager da Meta, abaixo do número (dígitos, não o número em si).",
  "settings.inboxes.hint.business_account_id": "Necessário para sincronizar os modelos.",
  "settings.inboxes.hint.api_base_url": "Deixe vazio para o endereço do provedor.",
  "settings.inboxes.hint.account_sid": "AC seguido de 32 caracteres, no início do console da Twilio.",
  "settings.inboxes.hint.from": "No formato internacional, por exemplo +14155238886.",
  "settings.inboxes.hint.messaging_service_sid": "Opcional: envia por um Messaging Service em vez do número.",
  "settings.inboxes.hint.webhook_url": "A URL do webhook desta caixa exatamente como inserida na Twilio (veja Conexão). A Twilio assina as requisições com ela e busca os arquivos no seu endereço.",
  "settings.inboxes.secret.access_token": "Token de acesso",
  "settings.inboxes.secret.app_secret": "Segredo do app",
  "settings.inboxes.secret.verify_token": "Token de verificação",
  "settings.inboxes.secret.auth_token": "Auth token",
  "settings.inboxes.connectionTitle": "Conexão de {name}",
  "settings.inboxes.webhookUrl": "URL do webhook",
  "settings.inboxes.webhookHint": "Cole no console do provedor (Meta: callback URL, com o token de verificação abaixo; Twilio: “A message comes in”).",
  "settings.inboxes.lastWebhook": "Último webhook recebido",
  "settings.inboxes.lastSend": "Última mensagem enviada",
  "settings.inboxes.lastError": "Último erro",
  "settings.inboxes.noError": "Nenhum",
  "settings.inboxes.never": "Nunca",
  "settings.inboxes.credentials": "Credenciais",
  "settings.inboxes.credentialsUnknown": "Ainda não usadas",
  "settings.inboxes.credentialsOk": "Funcionando",
  "settings.inboxes.credentialsBad": "Recusadas pelo provedor: reconecte a caixa",
  "settings.inboxes.templatesSynced": "Modelos sincronizados",
  "settings.inboxes.syncTemplates": "Sincronizar modelos",
  "settings.inboxes.syncing": "Sincronizando…",
  "composer.location": "Compartilhar um local",
  "location.title": "Compartilhar um local",
  "location.name": "Nome do local",
  "location.address": "Endereço",
  "location.latitude": "Latitude",
  "location.longitude": "Longitude",
  "location.here": "Usar minha posição",
  "location.send": "Enviar local",
  "settings.inboxes.templateLanguage": "Idioma",
  "settings.inboxes.templateCategory": "Categoria",
  "settings.inboxes.templateStatus": "Aprovação",
  "settings.inboxes.templateApproved": "Aprovado",
  "template.status.unsubmitted": "Não enviado",
  "contact.labels": "Etiquetas",
  "contact.addLabel": "Adicionar uma etiqueta",
  "message.bot": "{name} (bot)",
  "activity.handedOff": "O bot passou a conversa para a equipe: {reason}",
  "activity.handedOffTeam": "O bot passou a conversa para {team}: {reason}",
  "activity.optedOut": "O cliente cancelou o recebimento de mensagens por {channel} ({address})",
  "activity.optedOutRefused": "O cliente tinha cancelado o recebimento de mensagens por {channel} ({address}): {reason}",
  "activity.optedIn": "O cliente voltou a aceitar mensagens por {channel} ({address})",
  "composer.optedOut": "Este cliente cancelou o recebimento de mensagens por {channel} (enviou STOP): nada pode ser enviado até ele enviar START. As notas continuam funcionando.",
  "composer.optedOutPlaceholder": "O cliente cancelou o recebimento: não é possível enviar respostas.",
  "contact.optedOut": "Descadastrado ({channels}) · {date}",
  "email.subject": "Assunto",
  "email.from": "De",
  "email.to": "Para",
  "email.cc": "Cc",
  "email.bcc": "Cco",
  "email.addCopies": "Adicionar Cc ou Cco",
  "email.automatic": "Enviado automaticamente",
  "email.bulk": "Boletim ou lista de e-mails",
  "email.showQuoted": "Mostrar o texto citado",
  "email.hideQuoted": "Ocultar o texto citado",
  "message.imagesBlocked": "As imagens da internet estão bloqueadas, para que o remetente não saiba que você abriu esta mensagem.",
  "message.showImages": "Mostrar imagens",
  "message.showImagesHint": "O Switchboard as busca por você, para que o remetente não conheça o seu endereço.",
  "message.html": "A mensagem",
  "settings.inboxes.secret.password": "Senha",
  "settings.inboxes.field.address": "Endereço",
  "settings.inboxes.field.from_name": "Nome do remetente",
  "settings.inboxes.field.username": "Usuário",
  "settings.inboxes.field.imap_host": "Servidor IMAP",
  "settings.inboxes.field.imap_port": "Porta IMAP",
  "settings.inboxes.field.imap_security": "Segurança IMAP",
  "settings.inboxes.field.smtp_host": "Servidor SMTP",
  "settings.inboxes.field.smtp_port": "Porta SMTP",
  "settings.inboxes.field.smtp_security": "Segurança SMTP",
  "settings.inboxes.field.folders": "Pastas lidas",
  "settings.inboxes.field.sync_sent": "Mostrar as respostas enviadas por programas de e-mail",
  "settings.inboxes.field.after_import": "Após importar",
  "settings.inboxes.field.sent_folder": "Copiar as respostas para a pasta",
  "settings.inboxes.field.acknowledge": "Confirmação automática",
  "settings.inboxes.field.allow_agent_address": "Os agentes podem responder do próprio endereço",
  "settings.inboxes.hint.address": "O endereço compartilhado para onde os clientes escrevem; as respostas saem dele.",
  "settings.inboxes.hint.folders": "INBOX se vazio. Separe as pastas com vírgulas: INBOX, Pedidos.",
  "settings.inboxes.hint.sync_sent": "Lê também a pasta de enviados (a que o servidor marca como tal, senão aquela para onde as respostas são copiadas): o que os colegas enviam pelo próprio programa de e-mail aparece na sua conversa como enviado por um agente externo.",
  "settings.inboxes.hint.sent_folder": "Para servidores que não guardam cópia do que é enviado (o Gmail guarda): Sent, por exemplo.",
  "settings.inboxes.hint.acknowledge": "Enviada uma vez para cada conversa nova iniciada por uma pessoa; nunca para respostas automáticas, boletins ou devoluções.",
  "settings.inboxes.option.tls": "TLS",
  "settings.inboxes.option.starttls": "STARTTLS",
  "settings.inboxes.option.none": "Nenhuma (só servidores de teste locais)",
  "settings.inboxes.option.seen": "Marcar como lida",
  "settings.inboxes.option.archive": "Mover para Arquivo",
  "settings.inboxes.option.leave": "Deixar como está",
  "settings.inboxes.field.auth": "Login",
  "settings.inboxes.field.oauth_client_id": "Client id OAuth",
  "settings.inboxes.field.oauth_tenant": "Diretório Microsoft (tenant)",
  "settings.inboxes.hint.auth": "Uma senha (ou de app), ou OAuth2 com Google ou Microsoft: depois conecte a caixa em Conexão.",
  "settings.inboxes.hint.oauth_tenant": "common, a menos que sua organização indique outro.",
  "settings.inboxes.option.google": "Google (OAuth2)",
  "settings.inboxes.option.microsoft": "Microsoft 365 (OAuth2)",
  "settings.inboxes.option.password": "Senha",
  "settings.inboxes.secret.oauth_client_secret": "Segredo do cliente OAuth",
  "settings.inboxes.connectGoogle": "Conectar com o Google",
  "settings.inboxes.connectMicrosoft": "Conectar com a Microsoft",
  "settings.inboxes.oauthConnected": "Conectado: o Switchboard guarda o refresh token da caixa.",
  "settings.inboxes.oauthNotConnected": "Ainda não conectado.",
  "settings.inboxes.oauthDone": "{name} está conectada.",
  "settings.inboxes.oauthFailed": "O login não foi concluído: {reason}",
  "field.signature": "Assinatura de e-mail",
  "field.signatureHint": "Adicionada abaixo das suas respostas por e-mail.",
  "settings.inboxes.lastImport": "Último e-mail importado",
  "channel.phone": "Telefone",
  "channel.web": "Site",
  "settings.inboxes.field.allow_insecure": "Permitir o acesso sem criptografia",
  "settings.inboxes.hint.allow_insecure": "Com a segurança “Nenhuma”, a senha trafega sem criptografia: qualquer pessoa na rede entre o Switchboard e o servidor de e-mail pode lê-la. Marque só para um servidor numa rede de confiança; a conexão da caixa passa então a mostrar um aviso.",
  "settings.inboxes.secretAgain": "Digite-o de novo: o novo endereço o receberia.",
  "settings.inboxes.reconnectAfter": "Trocar os servidores de e-mail desconecta a caixa: conecte-a de novo em Conexão depois de salvar.",
  "settings.inboxes.warnings": "Avisos",
} satisfies Record<Key, string>;
