// French texts of en-assign.ts: the automatic assignment settings of an inbox.
import type { assignTexts } from "./en-assign";

export const frAssign = {
  "assign.menu": "Attribution",
  "assign.title": "Attribution : {name}",
  "assign.intro": "Les conversations nouvelles et rouvertes vont aux membres de la boîte qui sont en ligne, jamais au-delà de leur capacité. Les autres attendent dans la file, la plus ancienne d'abord, jusqu'à ce que quelqu'un ait de la place.",
  "assign.strategy": "Attribution automatique",
  "assign.off": "Désactivée : les agents prennent les conversations eux-mêmes",
  "assign.roundRobin": "À tour de rôle : chaque membre en ligne à son tour",
  "assign.balanced": "Équilibrée : le membre en ligne avec le moins de conversations ouvertes",
  "assign.capacity": "Capacité par agent",
  "assign.capacityHint": "Conversations non résolues de cette boîte qu'un agent détient au plus. 0 : sans limite.",
  "assign.agentCapacity": "Capacité de chaque agent",
  "assign.agentCapacityHint": "Laissez vide pour utiliser la capacité ci-dessus.",
  "assign.offlineReturn": "Remettre en file les conversations d'un agent hors ligne après (minutes)",
  "assign.offlineReturnHint": "0 : jamais. Ses conversations ouvertes retournent dans la file et aux agents en ligne.",
  "assign.selfAssign": "Un agent qui répond dans une conversation non attribuée en devient le responsable",
} satisfies Record<keyof typeof assignTexts, string>;
