// Portuguese texts of en-teamassign.ts: the automatic assignment settings of a team.
import type { teamAssignTexts } from "./en-teamassign";

export const ptTeamAssign = {
  "teamAssign.title": "Atribuição: equipa {name}",
  "teamAssign.intro":
    "As conversas dadas a esta equipa mas a nenhum agente (por uma regra, pela passagem de um bot ou por um agente) vão para os membros da equipa que estão online e veem a caixa de entrada da conversa, nunca acima da sua capacidade. Desativada: aplicam-se as definições de atribuição da caixa de entrada.",
  "teamAssign.off": "Desativada: aplicam-se as definições da caixa de entrada",
  "teamAssign.roundRobin": "Rotativa: cada membro online à vez",
  "teamAssign.balanced": "Equilibrada: o membro online com menos conversas abertas da equipa",
  "teamAssign.capacityHint": "Conversas por resolver desta equipa que um agente tem no máximo. 0: sem limite.",
  "teamAssign.noMembers": "A equipa ainda não tem membros.",
} satisfies Record<keyof typeof teamAssignTexts, string>;
