// Spanish texts of en-teamassign.ts: the automatic assignment settings of a team.
import type { teamAssignTexts } from "./en-teamassign";

export const esTeamAssign = {
  "teamAssign.title": "Asignación: equipo {name}",
  "teamAssign.intro":
    "Las conversaciones dadas a este equipo pero a ningún agente (por una regla, el traspaso de un bot o un agente) van a los miembros del equipo que están en línea y pueden ver la bandeja de la conversación, nunca por encima de su capacidad. Desactivada: se aplican los ajustes de asignación de la bandeja.",
  "teamAssign.off": "Desactivada: se aplican los ajustes de la bandeja",
  "teamAssign.roundRobin": "Por turnos: cada miembro en línea a su vez",
  "teamAssign.balanced": "Equilibrada: el miembro en línea con menos conversaciones abiertas del equipo",
  "teamAssign.capacityHint": "Conversaciones sin resolver de este equipo que un agente tiene como máximo. 0: sin límite.",
  "teamAssign.noMembers": "El equipo aún no tiene miembros.",
} satisfies Record<keyof typeof teamAssignTexts, string>;
