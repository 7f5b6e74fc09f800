// Spanish texts of en-assign.ts: the automatic assignment settings of an inbox.
import type { assignTexts } from "./en-assign";

export const esAssign = {
  "assign.menu": "Asignación",
  "assign.title": "Asignación: {name}",
  "assign.intro": "Las conversaciones nuevas y reabiertas van a los miembros de la bandeja que están en línea, nunca por encima de su capacidad. Las demás esperan en la cola, la más antigua primero, hasta que alguien tenga sitio.",
  "assign.strategy": "Asignación automática",
  "assign.off": "Desactivada: los agentes toman las conversaciones ellos mismos",
  "assign.roundRobin": "Rotativa: cada miembro en línea por turno",
  "assign.balanced": "Equilibrada: el miembro en línea con menos conversaciones abiertas",
  "assign.capacity": "Capacidad por agente",
  "assign.capacityHint": "Conversaciones sin resolver de esta bandeja que un agente tiene como máximo. 0: sin límite.",
  "assign.agentCapacity": "Capacidad de cada agente",
  "assign.agentCapacityHint": "Déjalo vacío para usar la capacidad de arriba.",
  "assign.offlineReturn": "Devolver a la cola las conversaciones de un agente desconectado tras (minutos)",
  "assign.offlineReturnHint": "0: nunca. Sus conversaciones abiertas vuelven a la cola y a los agentes en línea.",
  "assign.selfAssign": "Un agente que responde en una conversación sin asignar pasa a ser su responsable",
} satisfies Record<keyof typeof assignTexts, string>;
