// Texts of blocking and erasing contacts, and of the audit log (fr).
import type { blockTexts } from "./en-block";

export const frBlock = {
  "block.block": "Bloquer",
  "block.unblock": "Débloquer",
  "block.confirmTitle": "Bloquer {name} ?",
  "block.confirmText": "Ses messages seront toujours conservés, mais masqués : aucune liste, aucun compteur de non-lus, notification, règle, attribution automatique, réponse automatique, bot, enquête ni minuteur SLA n'y réagira. Ses conversations n'apparaissent qu'en ouvrant le contact ou en filtrant les contacts bloqués. Vous pouvez le débloquer à tout moment.",
  "block.banner": "Ce contact est bloqué — les messages sont conservés mais masqués",
  "block.erase": "Supprimer le contact",
  "block.eraseTitle": "Supprimer {name} et toutes ses données ?",
  "block.eraseText": "Le contact est effacé définitivement (droit à l'effacement du client) : toutes ses conversations et ses messages, fichiers, adresses, réponses aux enquêtes et messages programmés, et toute trace de lui dans la recherche, le journal des événements, les tâches en attente, les webhooks bruts des fournisseurs et les imports de contacts. C'est irréversible. Le journal d'audit note que vous l'avez fait, avec seulement l'id du contact et les nombres.",
  "block.eraseWord": "SUPPRIMER",
  "block.eraseType": "Tapez {word} pour confirmer",
  "block.eraseConfirm": "Supprimer définitivement",
  "audit.empty": "Rien n'a encore été enregistré.",
  "audit.erased": "{actor} a effacé le contact n°{id} : {conversations} conversations, {messages} messages, {files} fichiers",
  "audit.more": "Afficher plus",
  "settings.audit": "Journal d'audit",
} satisfies Record<keyof typeof blockTexts, string>;
