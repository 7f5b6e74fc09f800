// Italian texts of en-assign.ts: the automatic assignment settings of an inbox.
import type { assignTexts } from "./en-assign";

export const itAssign = {
  "assign.menu": "Assegnazione",
  "assign.title": "Assegnazione: {name}",
  "assign.intro": "Le conversazioni nuove e riaperte vanno ai membri dell'inbox che sono online, mai oltre la loro capacità. Le altre attendono in coda, dalla più vecchia, finché qualcuno ha posto.",
  "assign.strategy": "Assegnazione automatica",
  "assign.off": "Disattivata: gli agenti prendono le conversazioni da sé",
  "assign.roundRobin": "A turno: ogni membro online a rotazione",
  "assign.balanced": "Bilanciata: il membro online con meno conversazioni aperte",
  "assign.capacity": "Capacità per agente",
  "assign.capacityHint": "Conversazioni non risolte di questa inbox che un agente tiene al massimo. 0: nessun limite.",
  "assign.agentCapacity": "Capacità di ogni agente",
  "assign.agentCapacityHint": "Lascia vuoto per usare la capacità qui sopra.",
  "assign.offlineReturn": "Rimetti in coda le conversazioni di un agente offline dopo (minuti)",
  "assign.offlineReturnHint": "0: mai. Le sue conversazioni aperte tornano in coda e agli agenti online.",
  "assign.selfAssign": "Un agente che risponde in una conversazione non assegnata ne diventa l'assegnatario",
} satisfies Record<keyof typeof assignTexts, string>;
