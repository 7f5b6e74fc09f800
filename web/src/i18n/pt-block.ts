// Texts of blocking and erasing contacts, and of the audit log (pt).
import type { blockTexts } from "./en-block";

export const ptBlock = {
  "block.block": "Bloquear",
  "block.unblock": "Desbloquear",
  "block.confirmTitle": "Bloquear {name}?",
  "block.confirmText": "As mensagens continuarão guardadas, mas ocultas: nenhuma lista, contagem de não lidas, notificação, regra, atribuição automática, resposta automática, bot, pesquisa ou temporizador de SLA reagirá a elas. As conversas só aparecem ao abrir o contato ou ao filtrar por contatos bloqueados. Pode desbloqueá-lo a qualquer momento.",
  "block.banner": "Este contato está bloqueado — as mensagens são guardadas, mas ficam ocultas",
  "block.erase": "Excluir contato",
  "block.eraseTitle": "Excluir {name} e todos os seus dados?",
  "block.eraseText": "Isto apaga o contato para sempre (o direito ao apagamento do cliente): todas as conversas e mensagens, arquivos, endereços, respostas a pesquisas e mensagens agendadas, e todo vestígio dele na busca, no registro de eventos, nos trabalhos na fila, nos webhooks originais dos provedores e nas importações de contatos. Não pode ser desfeito. O registro de auditoria anota que você o fez, apenas com o id do contato e as contagens.",
  "block.eraseWord": "EXCLUIR",
  "block.eraseType": "Digite {word} para confirmar",
  "block.eraseConfirm": "Excluir para sempre",
  "audit.empty": "Nada registrado ainda.",
  "audit.erased": "{actor} apagou o contato #{id}: {conversations} conversas, {messages} mensagens, {files} arquivos",
  "audit.more": "Mostrar mais",
  "settings.audit": "Registro de auditoria",
} satisfies Record<keyof typeof blockTexts, string>;
