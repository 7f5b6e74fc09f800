// French texts of en-teamassign.ts: the automatic assignment settings of a team.
import type { teamAssignTexts } from "./en-teamassign";

export const frTeamAssign = {
  "teamAssign.title": "Assignation : équipe {name}",
  "teamAssign.intro":
    "Les conversations confiées à cette équipe mais à aucun agent (par une règle, le passage de relais d'un bot ou un agent) vont aux membres de l'équipe en ligne qui voient la boîte de réception de la conversation, jamais au-delà de leur capacité. Désactivée : les réglages d'assignation de la boîte de réception s'appliquent.",
  "teamAssign.off": "Désactivée : les réglages de la boîte de réception s'appliquent",
  "teamAssign.roundRobin": "À tour de rôle : chaque membre en ligne à son tour",
  "teamAssign.balanced": "Équilibrée : le membre en ligne ayant le moins de conversations ouvertes de l'équipe",
  "teamAssign.capacityHint": "Conversations non résolues de cette équipe qu'un agent garde au plus. 0 : pas de limite.",
  "teamAssign.noMembers": "L'équipe n'a pas encore de membres.",
} satisfies Record<keyof typeof teamAssignTexts, string>;
