// Italian texts of en-teamassign.ts: the automatic assignment settings of a team.
import type { teamAssignTexts } from "./en-teamassign";

export const itTeamAssign = {
  "teamAssign.title": "Assegnazione: team {name}",
  "teamAssign.intro":
    "Le conversazioni date a questo team ma a nessun agente (da una regola, dal passaggio di un bot o da un agente) vanno ai membri del team che sono online e vedono l'inbox della conversazione, mai oltre la loro capacità. Disattivata: valgono le impostazioni di assegnazione dell'inbox.",
  "teamAssign.off": "Disattivata: valgono le impostazioni dell'inbox",
  "teamAssign.roundRobin": "A turno: ogni membro online a rotazione",
  "teamAssign.balanced": "Bilanciata: il membro online con meno conversazioni aperte del team",
  "teamAssign.capacityHint": "Conversazioni non risolte di questo team che un agente tiene al massimo. 0: nessun limite.",
  "teamAssign.noMembers": "Il team non ha ancora membri.",
} satisfies Record<keyof typeof teamAssignTexts, string>;
