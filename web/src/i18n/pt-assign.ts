// Portuguese texts of en-assign.ts: the automatic assignment settings of an inbox.
import type { assignTexts } from "./en-assign";

export const ptAssign = {
  "assign.menu": "Atribuição",
  "assign.title": "Atribuição: {name}",
  "assign.intro": "As conversas novas e reabertas vão para os membros da caixa que estão online, nunca acima da sua capacidade. As outras esperam na fila, a mais antiga primeiro, até alguém ter lugar.",
  "assign.strategy": "Atribuição automática",
  "assign.off": "Desligada: os agentes pegam as conversas eles mesmos",
  "assign.roundRobin": "Rotativa: cada membro online na sua vez",
  "assign.balanced": "Equilibrada: o membro online com menos conversas abertas",
  "assign.capacity": "Capacidade por agente",
  "assign.capacityHint": "Conversas não resolvidas desta caixa que um agente tem no máximo. 0: sem limite.",
  "assign.agentCapacity": "Capacidade de cada agente",
  "assign.agentCapacityHint": "Deixe vazio para usar a capacidade acima.",
  "assign.offlineReturn": "Devolver à fila as conversas de um agente offline após (minutos)",
  "assign.offlineReturnHint": "0: nunca. As suas conversas abertas voltam à fila e aos agentes online.",
  "assign.selfAssign": "Um agente que responde numa conversa não atribuída passa a ser o seu responsável",
} satisfies Record<keyof typeof assignTexts, string>;
