// French: every key of en.ts and en-settings.ts, in the same order. `satisfies` makes the type
// checker refuse a missing or an unknown key. Terms: conversation, boîte de réception, responsable,
// reporter, résoudre, réponse prédéfinie, note, mention, étiquette, webhook, jeton; vous. The spaces
// before : ; ? and inside « », and the one in the tab "À moi", are no-break spaces (U+00A0), so
// that a line never starts with the sign and the tab stays on one line.
import type { Key } from "./en";
import { frThread } from "./fr-thread";
import { frNewconv } from "./fr-newconv";
import { frFirst } from "./fr-first";
import { frStatus } from "./fr-status";
import { frProblems } from "./fr-problems";
import { frFormat } from "./fr-format";
import { frMessenger } from "./fr-messenger";
import { frInstagram } from "./fr-instagram";
import { frComments } from "./fr-comments";
import { frContactsBook } from "./fr-contacts-book";
import { frCrm } from "./fr-crm";
import { frMetaOAuth } from "./fr-metaoauth";
import { frDm } from "./fr-dm";
import { frWebchat } from "./fr-webchat";
import { frWcflows } from "./fr-wcflows";
import { frWcsettings } from "./fr-wcsettings";
import { frHours } from "./fr-hours";
import { frAssign } from "./fr-assign";
import { frCSAT } from "./fr-csat";
import { frTeamAssign } from "./fr-teamassign";
import { frAttrs } from "./fr-attrs";
import { frMerge } from "./fr-merge";
import { frNotes } from "./fr-notes";
import { frReview } from "./fr-review";
import { frBlock } from "./fr-block";
import { frHoursTpl } from "./fr-hourstpl";
import { frAutomation } from "./fr-automation";
import { frRules } from "./fr-rules";
import { frBots } from "./fr-bots";
import { frSla } from "./fr-sla";
import { frAssistant } from "./fr-assistant";
import { frCopilot } from "./fr-copilot";
import { frReports } from "./fr-reports";
import { frNotifications } from "./fr-notifications";

export const fr = {
  ...frReports, // the reports
  ...frNotifications, // the bell, its panel and Settings › Notifications
  ...frAssistant, // the assistant: its settings, the analysis note, filters and inbox switches
  ...frThread, // voice notes, contact cards, delivery failures
  ...frNewconv, // the "New conversation" dialog
  ...frFirst, // the first-run guide, the demo banner, the unread line, printing
  ...frStatus, // window and delivery status of rows and replies
  ...frProblems, // server problems by code, the not-found screen
  ...frFormat, // the composer's formatting
  ...frMessenger, // Messenger inboxes
  ...frInstagram, // Instagram inboxes
  ...frComments, // comments under posts
  ...frContactsBook, // the address book
  ...frCrm, // the link to the company's CRM
  ...frMetaOAuth, // connecting Messenger and Instagram with Meta's sign-in
  ...frDm, // Messenger and Instagram conversations
  ...frWebchat, // web chat conversations
  ...frWcflows, // web chat conversation flows
  ...frAssign, // automatic assignment settings
  ...frCSAT, // satisfaction survey settings
  ...frTeamAssign, // a team's automatic assignment settings
  ...frMerge, // contact merges
  ...frNotes, // notes on a contact and its activity
  ...frAttrs, // contacts' custom attributes
  ...frReview, // identity linking and the review queue of duplicates
  ...frBlock, // blocking and erasing contacts, the audit log
  ...frHoursTpl, // templates of auto-replies once the window has closed
  ...frAutomation, // the automatic actors milestones credit
  ...frRules, // Settings › Rules: the rule builder, its test and run log
  ...frBots, // inboxes' bots: settings, header chip, milestones
  ...frSla, // SLA policies and their timers
  ...frWcsettings, // the web chat settings screen
  ...frHours, // an inbox's hours and auto-replies
  ...frCopilot, // the assistant in the composer, translations in the thread
  "action.add": "Ajouter",
  "action.back": "Retour",
  "action.cancel": "Annuler",
  "action.close": "Fermer",
  "action.delete": "Supprimer",
  "action.edit": "Modifier",
  "action.removeLabel": "Retirer l'étiquette {name}",
  "action.retry": "Réessayer",
  "action.save": "Enregistrer",
  "action.signOut": "Se déconnecter",

  "activity.assigned": "{who} a assigné la conversation à {agent}",

  "activity.took": "{who} a pris la conversation",
  "activity.deleted": "{who} a supprimé un message",
  "activity.identityAdded": "{who} a ajouté l'adresse {address} au contact",
  "activity.identityRemoved": "{who} a retiré l'adresse {address} du contact",
  "activity.labelsAdded": "{who} a ajouté {labels}",
  "activity.labelsRemoved": "{who} a retiré {labels}",
  "activity.snoozed": "{who} a reporté la conversation jusqu'au {until}",
  "activity.status": "{who} a marqué la conversation comme {status}",
  "activity.unassigned": "{who} a retiré l'assignation de la conversation",

  "boot.offline": "Impossible de joindre Switchboard. Vérifiez que le serveur est en marche.",

  "channel.whatsapp": "WhatsApp",
  "channel.messenger": "Messenger",
  "channel.instagram": "Instagram",
  "channel.rcs": "RCS",
  "channel.sms": "SMS",
  "channel.email": "E-mail",
  "channel.webchat": "Chat du site web",
  "channel.telegram": "Telegram",
  "channel.api": "API",

  "composer.addNote": "Ajouter une note",
  "composer.attach": "Joindre des fichiers",
  "composer.badType": "{name} : ce canal ne peut pas envoyer ce type de fichier.",
  "composer.files": "Fichiers à envoyer",
  "composer.noFiles": "Ce canal ne peut pas envoyer de fichiers.",
  "composer.removeFile": "Retirer {name}",
  "composer.tooBig": "{name} dépasse {mb} Mo, le maximum que ce canal peut envoyer.",
  "composer.tooMany": "Ce canal envoie au maximum {n} fichiers par message.",
  "composer.uploading": "Transfert en cours…",
  "composer.canned": "Réponses prédéfinies",
  "composer.emoji": "Insérer un emoji",
  "composer.hint": "Enter pour envoyer · Shift+Enter pour aller à la ligne · / pour les réponses prédéfinies",
  "composer.later": "Programmer",
  "composer.laterTitle": "Envoyer cette réponse plus tard",
  "composer.mention": "Mentionner un collègue",
  "composer.mode": "Réponse ou note",
  "composer.note": "Note",
  "composer.notePlaceholder": "Écrivez une note privée pour votre équipe ; @ pour mentionner un collègue",
  "composer.placeholder": "Écrivez une réponse",
  "composer.reply": "Réponse",
  "composer.replyingTo": "En réponse à {name}",
  "composer.schedule": "Programmer",
  "composer.send": "Envoyer",
  "composer.sendAt": "Date et heure d'envoi",

  "contact.addAttribute": "Ajouter un champ",
  "contact.attributeName": "Champ",
  "contact.attributes": "Champs personnalisés",
  "contact.attributeValue": "Valeur",
  "contact.removeAttribute": "Retirer {name}",
  "contact.conversations": "Conversations",
  "contact.files": "Fichiers partagés",
  "contact.firstSeen": "Premier contact",
  "contact.identities": "Canaux",
  "contact.title": "Contact",
  "contact.unknown": "Inconnu",

  "conv.agents": "Agents",
  "conv.assignToMe": "M'assigner",
  "conv.flag": "Marquer à suivre",
  "conv.flagged": "À suivre",
  "conv.labels": "Étiquettes",
  "conv.markRead": "Marquer comme lue",
  "conv.markUnread": "Marquer comme non lue",
  "conv.more": "Plus",
  "conv.print": "Imprimer la transcription",
  "conv.priority": "Priorité",
  "conv.reopen": "Rouvrir",
  "conv.resolve": "Résoudre",
  "conv.snooze": "Reporter",
  "conv.snoozedUntil": "jusqu'au {time}",
  "conv.teams": "Équipes",
  "conv.unassign": "Retirer l'assignation",
  "conv.unassigned": "Non assignée",
  "conv.unread": "Non lue",

  "error.unexpected": "Une erreur s'est produite. Veuillez réessayer.",

  "field.avatarUrl": "URL de l'avatar",
  "field.email": "E-mail",
  "field.language": "Langue",
  "field.name": "Nom",
  "field.password": "Mot de passe",
  "field.phone": "Téléphone",
  "field.timeZone": "Fuseau horaire",

  "filter.agent": "Un agent",
  "filter.any": "Indifférent",
  "filter.assignee": "Responsable",
  "filter.channel": "Canal",
  "filter.clear": "Effacer les filtres",
  "filter.customer": "Le client",
  "filter.flagged": "À suivre",
  "filter.inbox": "Boîte de réception",
  "filter.label": "Étiquette",
  "filter.lastReplier": "Dernier message de",
  "filter.more": "Filtres",
  "filter.no": "Non",
  "filter.since": "Du",
  "filter.sort": "Trier",
  "filter.status": "Statut",
  "filter.team": "Équipe",
  "filter.unread": "Non lues",
  "filter.until": "Au",
  "filter.yes": "Oui",

  "inbox.pick": "Choisissez une conversation pour la lire.",
  "inbox.shortcutsHint": "Appuyez sur ? pour afficher les raccourcis clavier.",

  "label.new": "Nouvelle étiquette",

  "list.empty": "Aucune conversation ici.",
  "list.loading": "Chargement…",
  "list.markAllRead": "Tout marquer comme lu",
  "list.title": "Conversations",
  "list.views": "Vues",

  "login.submit": "Se connecter",
  "login.title": "Connexion à Switchboard",

  "message.deleted": "Ce message a été supprimé.",
  "message.document": "Document",
  "message.failed": "Non distribué",
  "message.in": "Message de {name}",
  "message.location": "Position",
  "message.note": "Note de {name}",
  "message.noteBy": "Note · {name}",
  "message.out": "Réponse de {name}",
  "message.replyTo": "Répondre à ce message",

  "nav.inbox": "Réception",
  "nav.main": "Principal",
  "nav.reports": "Rapports",
  "nav.settings": "Réglages",


  "presence.away": "Absent",
  "presence.offline": "Hors ligne",
  "presence.online": "En ligne",

  "priority.high": "Haute",
  "priority.low": "Basse",
  "priority.medium": "Moyenne",
  "priority.none": "Aucune priorité",
  "priority.urgent": "Urgente",

  "profile.browserLanguage": "La langue du navigateur",
  "profile.changePassword": "Changer le mot de passe",
  "profile.currentPassword": "Mot de passe actuel",
  "profile.newPassword": "Nouveau mot de passe",
  "profile.password": "Mot de passe",
  "profile.passwordChanged": "Mot de passe changé. Vos autres sessions et jetons d'API ont pris fin.",
  "profile.presence": "Disponibilité",
  "profile.presenceHint":
    "« En ligne » suit vos fenêtres Switchboard ouvertes : vous passez absent quelques minutes après avoir fermé la dernière.",
  "profile.saved": "Enregistré.",
  "profile.theme": "Apparence",

  "scheduled.at": "Envoi le {time}",
  "scheduled.title": "Réponses programmées",

  "search.contacts": "Contacts",
  "search.label": "Rechercher des contacts et des messages",
  "search.messages": "Messages",
  "search.none": "Aucun résultat pour « {q} ».",
  "search.placeholder": "Rechercher",
  "search.searching": "Recherche…",

  "settings.profile": "Votre profil",

  "setup.intro": "Créez le premier compte administrateur. Vous pourrez inviter votre équipe ensuite.",
  "setup.passwordHint": "Au moins 10 caractères ; pas un mot de passe courant, une suite, un nom ou une adresse e-mail.",
  "setup.submit": "Créer l'administrateur et se connecter",
  "setup.title": "Bienvenue dans Switchboard",

  "shortcut.assign": "Assigner",
  "shortcut.help": "Afficher cette aide",
  "shortcut.newline": "Nouvelle ligne dans le message",
  "shortcut.next": "Conversation suivante",
  "shortcut.note": "Écrire une note",
  "shortcut.prev": "Conversation précédente",
  "shortcut.reply": "Répondre",
  "shortcut.resolve": "Résoudre ou rouvrir",
  "shortcut.search": "Rechercher",
  "shortcut.send": "Envoyer",
  "shortcut.snooze": "Reporter",
  "shortcut.title": "Raccourcis clavier",

  "snooze.1h": "1 heure",
  "snooze.2h": "2 heures",
  "snooze.4h": "4 heures",
  "snooze.custom": "Choisir une date et une heure…",
  "snooze.customTitle": "Reporter jusqu'à",
  "snooze.next_monday": "Lundi prochain, 9 h",
  "snooze.tomorrow": "Demain, 9 h",
  "snooze.until": "Jusqu'à",

  "sort.newest": "Plus récentes",
  "sort.waiting": "Attente la plus longue",

  "status.all": "Tous les statuts",
  "status.open": "Ouverte",
  "status.pending": "En attente",
  "status.resolved": "Résolue",
  "status.snoozed": "Reportée",

  "stream.reconnecting": "Reconnexion… les modifications apparaîtront dès que la connexion sera rétablie.",

  "theme.dark": "Sombre",
  "theme.light": "Clair",
  "theme.system": "Comme le système",

  "thread.older": "Charger les messages précédents",
  "thread.title": "Conversation",

  "tick.accepted": "Accepté",
  "tick.delivered": "Distribué",
  "tick.failed": "Échec",
  "tick.pending": "En cours d'envoi",
  "tick.read": "Lu",
  "tick.sent": "Envoyé",

  "view.all": "Toutes",
  "view.mentions": "Mentions",
  "view.mine": "À moi",
  "view.unassigned": "À attribuer",

  // Settings pages (en-settings.ts).
  "settings.actionOn": "{action} : {name}",
  "settings.actions": "Actions",
  "settings.copied": "Copié",
  "settings.copy": "Copier",
  "settings.description": "Description",
  "settings.done": "Terminé",
  "settings.secret": "Secret",
  "settings.secretOnce": "Copiez-le maintenant et conservez-le en lieu sûr : il n'est affiché qu'une seule fois.",

  "settings.role.admin": "Administrateur",
  "settings.role.agent": "Agent",
  "settings.role.supervisor": "Superviseur",

  "settings.agents": "Agents",
  "settings.agents.create": "Ajouter un agent",
  "settings.agents.deleteMessage":
    "Cette personne ne pourra plus se connecter, ses sessions et ses jetons d'API sont révoqués et ses conversations ouvertes ne sont plus assignées. Ses messages gardent son nom.",
  "settings.agents.deleteTitle": "Retirer {name} ?",
  "settings.agents.editTitle": "Modifier {name}",
  "settings.agents.empty": "Aucun agent pour l'instant.",
  "settings.agents.intro":
    "Les personnes qui répondent aux conversations. Les agents voient les boîtes de réception dont ils font partie ; les superviseurs les voient toutes ; les administrateurs gèrent aussi les paramètres.",
  "settings.agents.new": "Nouvel agent",
  "settings.agents.passwordEnds": "Ses sessions et jetons d'API prennent fin : il se reconnectera avec le nouveau mot de passe.",
  "settings.agents.passwordTitle": "Définir le mot de passe de {name}",
  "settings.agents.role": "Rôle",
  "settings.agents.roleHint":
    "Les administrateurs gèrent les paramètres ; les superviseurs voient toutes les boîtes de réception ; les agents ne voient que les leurs.",
  "settings.agents.setPassword": "Définir le mot de passe",
  "settings.agents.you": "(vous)",

  "settings.teams": "Équipes",
  "settings.teams.create": "Créer une équipe",
  "settings.teams.deleteMessage": "Ses membres restent, mais perdent les boîtes de réception dont ils ne faisaient partie que par cette équipe.",
  "settings.teams.deleteTitle": "Supprimer l'équipe {name} ?",
  "settings.teams.editTitle": "Modifier {name}",
  "settings.teams.empty": "Aucune équipe pour l'instant.",
  "settings.teams.intro":
    "Des groupes d'agents. Une équipe peut faire partie de boîtes de réception, pour que tous ses agents les voient, et se voir assigner des conversations.",
  "settings.teams.members": "Membres",
  "settings.teams.new": "Nouvelle équipe",
  "settings.teams.noMembers": "Aucun membre",

  "settings.inboxes": "Boîtes de réception",
  "settings.inboxes.addSecret": "Ajouter un secret",
  "settings.inboxes.channel": "Canal",
  "settings.inboxes.create": "Créer une boîte de réception",
  "settings.inboxes.createToken": "Créer un jeton d'intégration",
  "settings.inboxes.deleteMessage":
    "Toutes les conversations et tous les messages de cette boîte de réception sont supprimés avec elle. Cette action est irréversible.",
  "settings.inboxes.deleteTitle": "Supprimer la boîte de réception {name} ?",
  "settings.inboxes.details": "Détails",
  "settings.inboxes.editTitle": "Modifier {name}",
  "settings.inboxes.empty": "Aucune boîte de réception pour l'instant. Connectez-en une pour commencer à recevoir des conversations.",
  "settings.inboxes.intro":
    "Chaque boîte de réception est un compte de canal connecté. Les agents voient les boîtes de réception dont ils font partie, directement ou via une équipe.",
  "settings.inboxes.hasToken": "Son intégration a un jeton.",
  "settings.inboxes.noToken": "Pas encore de jeton d'intégration.",
  "settings.inboxes.revokeToken": "Révoquer le jeton",
  "settings.inboxes.revokeTitle": "Révoquer le jeton d'intégration de {name} ?",
  "settings.inboxes.revokeMessage": "L'intégration ne pourra plus rien envoyer tant que vous n'aurez pas créé de nouveau jeton.",
  "settings.inboxes.keepSecret": "Conserver",
  "settings.inboxes.members": "Membres",
  "settings.inboxes.membersHint": "Les agents choisis ici, et tous les agents des équipes choisies ici, voient cette boîte de réception.",
  "settings.inboxes.membersTitle": "Qui fait partie de {name}",
  "settings.inboxes.new": "Nouvelle boîte de réception",
  "settings.inboxes.newSecretName": "Nom d'un autre secret",
  "settings.inboxes.noOutbound": "Aucune URL sortante : les réponses ne peuvent pas être distribuées.",
  "settings.inboxes.outboundHint": "Switchboard envoie ici chaque réponse des agents par une requête POST, signée avec le secret de signature.",
  "settings.inboxes.outboundUrl": "URL sortante",
  "settings.inboxes.removeSecret": "Retirer",
  "settings.inboxes.secretIsSet": "Défini. Saisissez une nouvelle valeur pour le remplacer.",
  "settings.inboxes.secretNotSet": "Non défini.",
  "settings.inboxes.secretRemoving": "Sera retiré à l'enregistrement.",
  "settings.inboxes.secrets": "Secrets",
  "settings.inboxes.secretsHint":
    "Les secrets sont stockés chiffrés et ne sont plus jamais affichés : vous pouvez seulement les remplacer ou les retirer.",
  "settings.inboxes.secretsSet": "Secrets définis : {names}",
  "settings.inboxes.settings": "Paramètres (JSON)",
  "settings.inboxes.settingsHint": "La configuration du canal, sous forme d'objet JSON.",
  "settings.inboxes.settingsInvalid": "Les paramètres doivent être un objet JSON.",
  "settings.inboxes.signingSecret": "Secret de signature",
  "settings.inboxes.tokenMessage":
    "Le jeton permet à l'intégration de cette boîte de réception de publier les messages de ses clients et les accusés de distribution, et rien d'autre. Un nouveau jeton remplace immédiatement l'actuel.",
  "settings.inboxes.tokenShown": "Jeton d'intégration de {name}",
  "settings.inboxes.tokenTitle": "Créer un jeton d'intégration pour {name} ?",

  "settings.labels": "Étiquettes",
  "settings.labels.color": "Couleur",
  "settings.labels.create": "Créer une étiquette",
  "settings.labels.deleteMessage": "L'étiquette est retirée de toutes les conversations qui la portent.",
  "settings.labels.deleteTitle": "Supprimer l'étiquette {name} ?",
  "settings.labels.editTitle": "Modifier {name}",
  "settings.labels.empty": "Aucune étiquette pour l'instant.",
  "settings.labels.intro": "Les étiquettes classent les conversations, pour que les agents puissent filtrer la liste selon elles.",
  "settings.labels.nameHint": "50 caractères au maximum, sans virgule.",
  "settings.labels.preview": "Aperçu",

  "settings.canned": "Réponses prédéfinies",
  "settings.canned.content": "Contenu",
  "settings.canned.create": "Créer une réponse prédéfinie",
  "settings.canned.deleteMessage": "Les agents ne pourront plus l'insérer. Les réponses déjà envoyées ne changent pas.",
  "settings.canned.deleteTitle": "Supprimer {name} ?",
  "settings.canned.editTitle": "Modifier {name}",
  "settings.canned.empty": "Aucune réponse prédéfinie pour l'instant.",
  "settings.canned.intro": "Des réponses enregistrées : pour en insérer une, les agents tapent / suivi du raccourci dans la zone de réponse.",
  "settings.canned.new": "Nouvelle réponse prédéfinie",
  "settings.canned.shortcut": "Raccourci",
  "settings.canned.shortcutHint": "Lettres minuscules, chiffres, - et _ ; les agents le tapent après /.",
  "settings.canned.title": "Titre",
  "settings.canned.variablesHint":
    "Les variables sont remplies à partir de la conversation quand la réponse est insérée ; celles qui sont inconnues ou vides sont omises : {list}.",

  "settings.webhooks": "Webhooks",
  "settings.rules": "Règles",
  "settings.webhooks.allEvents": "Tous les événements",
  "settings.webhooks.attempts": "Tentatives",
  "settings.webhooks.body": "Corps",
  "settings.webhooks.create": "Créer un webhook",
  "settings.webhooks.created": "Webhook créé : son secret de signature",
  "settings.webhooks.deleteMessage": "{url} ne reçoit plus d'événements, et ses envois sont supprimés.",
  "settings.webhooks.deleteTitle": "Supprimer ce webhook ?",
  "settings.webhooks.deliveries": "Envois",
  "settings.webhooks.deliveriesTitle": "Envois vers {url}",
  "settings.webhooks.delivery.failed": "Échec",
  "settings.webhooks.delivery.pending": "En attente",
  "settings.webhooks.delivery.succeeded": "Réussi",
  "settings.webhooks.disable": "Désactiver",
  "settings.webhooks.disabled": "Désactivé",
  "settings.webhooks.duration": "{ms} ms",
  "settings.webhooks.editTitle": "Modifier le webhook",
  "settings.webhooks.empty": "Aucun webhook pour l'instant.",
  "settings.webhooks.enable": "Activer",
  "settings.webhooks.enabled": "Activé",
  "settings.webhooks.error": "Erreur",
  "settings.webhooks.eventType": "Événement",
  "settings.webhooks.events": "Événements",
  "settings.webhooks.eventsHint": "Ne cochez aucune case pour recevoir tous les types d'événements.",
  "settings.webhooks.failures": "Échecs consécutifs",
  "settings.webhooks.intro":
    "Switchboard envoie par POST à l'URL chaque événement des types choisis, signé avec le secret du webhook. Après 20 envois consécutifs en échec, un webhook est désactivé.",
  "settings.webhooks.new": "Nouveau webhook",
  "settings.webhooks.nextAttempt": "prochain essai : {time}",
  "settings.webhooks.noDeliveries": "Rien n'a encore été envoyé.",
  "settings.webhooks.older": "Envois précédents",
  "settings.webhooks.refresh": "Actualiser",
  "settings.webhooks.response": "Réponse HTTP",
  "settings.webhooks.rotate": "Renouveler le secret",
  "settings.webhooks.rotateMessage": "Le secret actuel cesse immédiatement de fonctionner : mettez à jour le destinataire avec le nouveau.",
  "settings.webhooks.rotateTitle": "Remplacer le secret de signature ?",
  "settings.webhooks.rotated": "Le nouveau secret de signature",
  "settings.webhooks.secretPrefix": "Secret {prefix}…",
  "settings.webhooks.state": "État",
  "settings.webhooks.test": "Envoyer un test",
  "settings.webhooks.testQueued": "Un envoi de test est en route.",
  "settings.webhooks.time": "Date et heure",
  "settings.webhooks.url": "URL",
  "settings.webhooks.urlHint": "Une adresse http:// ou https:// qui répond 2xx en moins de 15 secondes.",

  "settings.tokens": "Jetons d'API",
  "settings.tokens.create": "Créer un jeton",
  "settings.tokens.createdAt": "Créé le",
  "settings.tokens.shown": "Votre nouveau jeton d'API",
  "settings.tokens.empty": "Vous n'avez aucun jeton d'API.",
  "settings.tokens.intro":
    "Les jetons personnels permettent à vos scripts d'utiliser l'API en votre nom : envoyez-en un sous la forme Authorization: Bearer <token>.",
  "settings.tokens.lastUsed": "Dernière utilisation",
  "settings.tokens.nameHint": "À quoi sert le jeton, pour le reconnaître.",
  "settings.tokens.never": "Jamais",
  "settings.tokens.new": "Nouveau jeton d'API",
  "settings.tokens.prefix": "Commence par",
  "settings.tokens.revoke": "Révoquer",
  "settings.tokens.revokeMessage": "Les scripts qui l'utilisent cessent immédiatement de fonctionner.",
  "settings.tokens.revokeTitle": "Révoquer le jeton {name} ?",

  "window.open": "Fenêtre de réponse ouverte : encore {left}",
  "window.closed": "La fenêtre de 24 heures est fermée : seul un modèle peut être envoyé.",
  "window.never": "Ce client n'a pas encore écrit : commencez par un modèle.",
  "window.closedPlaceholder": "Le texte libre n'est pas permis hors de la fenêtre. Choisissez un modèle.",
  "template.choose": "Modèle",
  "template.title": "Envoyer un modèle",
  "template.none": "Cette boîte n'a pas encore de modèles. Un administrateur peut les synchroniser dans Réglages › Boîtes › Connexion.",
  "template.status.pending": "En attente d'approbation",
  "template.status.rejected": "Refusé",
  "template.status.paused": "En pause",
  "template.status.disabled": "Désactivé",
  "template.param": "Paramètre {n}",
  "template.preview": "Ce que lira le client",
  "template.send": "Envoyer le modèle",
  "message.external": "Agent externe",
  "message.template": "Modèle {name}",
  "message.forwarded": "Transféré",
  "message.unsupported": "Le client a envoyé quelque chose que Switchboard ne peut pas afficher ({kind}).",
  "message.unreadable": "Ce message n'a pas pu être lu entièrement.",
  "message.unreadableEmail": "Cet e-mail n'a pas pu être lu entièrement : ce qui a pu être lu est affiché.",
  "message.source": "Télécharger l'original",
  "message.reactions": "Réactions",
  "message.reactedBusiness": "{name}, pour l'équipe",
  "message.react": "Réagir",
  "message.fetching": "Téléchargement du fichier depuis le fournisseur…",
  "message.fetchFailed": "Le fichier n'a pas pu être téléchargé : {reason}",
  "settings.inboxes.simulated": "Simulée",
  "settings.inboxes.connection": "Connexion",
  "settings.inboxes.provider": "Fournisseur",
  "settings.inboxes.field.phone_number_id": "ID du numéro de téléphone",
  "settings.inboxes.field.business_account_id": "ID du compte WhatsApp Business",
  "settings.inboxes.field.api_base_url": "Adresse de l'API",
  "settings.inboxes.field.account_sid": "Account SID",
  "settings.inboxes.field.from": "Numéro expéditeur",
  "settings.inboxes.field.messaging_service_sid": "Messaging Service SID",
  "settings.inboxes.field.webhook_url": "URL publique du webhook",
  "settings.inboxes.hint.phone_number_id": "Dans le WhatsApp Manager de Meta, sous le numéro (des chiffres, pas le numéro lui-même).",
  "settings.inboxes.hint.business_account_id": "Nécessaire pour synchroniser les modèles.",
  "settings.inboxes.hint.api_base_url": "Laissez vide pour l'adresse du fournisseur.",
  "settings.inboxes.hint.account_sid": "AC suivi de 32 caractères, sur l'accueil de la console Twilio.",
  "settings.inboxes.hint.from": "Au format international, par exemple +14155238886.",
  "settings.inboxes.hint.messaging_service_sid": "Facultatif : envoie via un Messaging Service au lieu du numéro.",
  "settings.inboxes.hint.webhook_url": "L'URL du webhook de cette boîte exactement telle que saisie dans Twilio (voir Connexion). Twilio signe les requêtes avec elle et récupère les fichiers à son adresse.",
  "settings.inboxes.secret.access_token": "Jeton d'accès",
  "settings.inboxes.secret.app_secret": "Secret de l'application",
  "settings.inboxes.secret.verify_token": "Jeton de vérification",
  "settings.inboxes.secret.auth_token": "Auth token",
  "settings.inboxes.connectionTitle": "Connexion de {name}",
  "settings.inboxes.webhookUrl": "URL du webhook",
  "settings.inboxes.webhookHint": "Collez-la dans la console du fournisseur (Meta : callback URL, avec le jeton de vérification ci-dessous ; Twilio : « A message comes in »).",
  "settings.inboxes.lastWebhook": "Dernier webhook reçu",
  "settings.inboxes.lastSend": "Dernier message envoyé",
  "settings.inboxes.lastError": "Dernière erreur",
  "settings.inboxes.noError": "Aucune",
  "settings.inboxes.never": "Jamais",
  "settings.inboxes.credentials": "Identifiants",
  "settings.inboxes.credentialsUnknown": "Pas encore utilisés",
  "settings.inboxes.credentialsOk": "Valides",
  "settings.inboxes.credentialsBad": "Refusés par le fournisseur : reconnectez la boîte",
  "settings.inboxes.templatesSynced": "Modèles synchronisés",
  "settings.inboxes.syncTemplates": "Synchroniser les modèles",
  "settings.inboxes.syncing": "Synchronisation…",
  "composer.location": "Partager un lieu",
  "location.title": "Partager un lieu",
  "location.name": "Nom du lieu",
  "location.address": "Adresse",
  "location.latitude": "Latitude",
  "location.longitude": "Longitude",
  "location.here": "Utiliser ma position",
  "location.send": "Envoyer le lieu",
  "settings.inboxes.templateLanguage": "Langue",
  "settings.inboxes.templateCategory": "Catégorie",
  "settings.inboxes.templateStatus": "Approbation",
  "settings.inboxes.templateApproved": "Approuvé",
  "template.status.unsubmitted": "Non soumis",
  "contact.labels": "Étiquettes",
  "contact.addLabel": "Ajouter une étiquette",
  "message.bot": "{name} (bot)",
  "activity.handedOff": "Le bot a passé la conversation à l'équipe : {reason}",
  "activity.handedOffTeam": "Le bot a passé la conversation à {team} : {reason}",
  "activity.optedOut": "Le client s'est désabonné des messages {channel} ({address})",
  "activity.optedOutRefused": "Le client s'était désabonné des messages {channel} ({address}) : {reason}",
  "activity.optedIn": "Le client s'est réabonné aux messages {channel} ({address})",
  "composer.optedOut": "Ce client s'est désabonné des messages {channel} (il a envoyé STOP) : rien ne peut lui être envoyé tant qu'il n'envoie pas START. Les notes fonctionnent toujours.",
  "composer.optedOutPlaceholder": "Le client s'est désabonné : aucune réponse ne peut être envoyée.",
  "contact.optedOut": "Désabonné ({channels}) · {date}",
  "email.subject": "Objet",
  "email.from": "De",
  "email.to": "À",
  "email.cc": "Cc",
  "email.bcc": "Cci",
  "email.addCopies": "Ajouter Cc ou Cci",
  "email.automatic": "Envoyé automatiquement",
  "email.bulk": "Lettre d'information ou liste de diffusion",
  "email.showQuoted": "Afficher le texte cité",
  "email.hideQuoted": "Masquer le texte cité",
  "message.imagesBlocked": "Les images d'internet sont bloquées : l'expéditeur ne peut pas savoir que vous avez ouvert ce message.",
  "message.showImages": "Afficher les images",
  "message.showImagesHint": "Switchboard les récupère pour vous : l'expéditeur ne connaît pas votre adresse.",
  "message.html": "Le message",
  "settings.inboxes.secret.password": "Mot de passe",
  "settings.inboxes.field.address": "Adresse",
  "settings.inboxes.field.from_name": "Nom de l'expéditeur",
  "settings.inboxes.field.username": "Identifiant",
  "settings.inboxes.field.imap_host": "Serveur IMAP",
  "settings.inboxes.field.imap_port": "Port IMAP",
  "settings.inboxes.field.imap_security": "Sécurité IMAP",
  "settings.inboxes.field.smtp_host": "Serveur SMTP",
  "settings.inboxes.field.smtp_port": "Port SMTP",
  "settings.inboxes.field.smtp_security": "Sécurité SMTP",
  "settings.inboxes.field.folders": "Dossiers lus",
  "settings.inboxes.field.sync_sent": "Afficher les réponses envoyées depuis les logiciels de messagerie",
  "settings.inboxes.field.after_import": "Après import",
  "settings.inboxes.field.sent_folder": "Copier les réponses dans le dossier",
  "settings.inboxes.field.acknowledge": "Accusé de réception automatique",
  "settings.inboxes.field.allow_agent_address": "Les agents peuvent répondre depuis leur adresse",
  "settings.inboxes.hint.address": "L'adresse partagée à laquelle écrivent les clients ; les réponses en partent.",
  "settings.inboxes.hint.folders": "INBOX si vide. Séparez les dossiers par des virgules : INBOX, Commandes.",
  "settings.inboxes.hint.sync_sent": "Lit aussi le dossier des envoyés (celui que le serveur marque comme tel, sinon celui où les réponses sont copiées) : ce que les collègues envoient depuis leur propre logiciel de messagerie apparaît dans sa conversation comme envoyé par un agent externe.",
  "settings.inboxes.hint.sent_folder": "Pour les serveurs qui ne gardent pas de copie des envois (Gmail le fait) : Sent, par exemple.",
  "settings.inboxes.hint.acknowledge": "Envoyé une fois à chaque nouvelle conversation ouverte par une personne ; jamais aux réponses automatiques, lettres d'information ou rebonds.",
  "settings.inboxes.option.tls": "TLS",
  "settings.inboxes.option.starttls": "STARTTLS",
  "settings.inboxes.option.none": "Aucune (serveurs de test locaux seulement)",
  "settings.inboxes.option.seen": "Le marquer lu",
  "settings.inboxes.option.archive": "Le déplacer dans Archive",
  "settings.inboxes.option.leave": "Le laisser tel quel",
  "settings.inboxes.field.auth": "Connexion",
  "settings.inboxes.field.oauth_client_id": "Client id OAuth",
  "settings.inboxes.field.oauth_tenant": "Annuaire Microsoft (tenant)",
  "settings.inboxes.hint.auth": "Un mot de passe (ou d'application), ou OAuth2 avec Google ou Microsoft : connectez ensuite la boîte depuis Connexion.",
  "settings.inboxes.hint.oauth_tenant": "common sauf si votre organisation en donne un autre.",
  "settings.inboxes.option.google": "Google (OAuth2)",
  "settings.inboxes.option.microsoft": "Microsoft 365 (OAuth2)",
  "settings.inboxes.option.password": "Mot de passe",
  "settings.inboxes.secret.oauth_client_secret": "Secret du client OAuth",
  "settings.inboxes.connectGoogle": "Connecter avec Google",
  "settings.inboxes.connectMicrosoft": "Connecter avec Microsoft",
  "settings.inboxes.oauthConnected": "Connecté : Switchboard garde le jeton de rafraîchissement de la boîte.",
  "settings.inboxes.oauthNotConnected": "Pas encore connecté.",
  "settings.inboxes.oauthDone": "{name} est connectée.",
  "settings.inboxes.oauthFailed": "La connexion n'a pas abouti : {reason}",
  "field.signature": "Signature des e-mails",
  "field.signatureHint": "Ajoutée sous vos réponses par e-mail.",
  "settings.inboxes.lastImport": "Dernier message importé",
  "channel.phone": "Téléphone",
  "channel.web": "Site web",
  "settings.inboxes.field.allow_insecure": "Autoriser la connexion sans chiffrement",
  "settings.inboxes.hint.allow_insecure": "Avec la sécurité « Aucune », le mot de passe circule en clair : n'importe qui sur le réseau entre Switchboard et le serveur de messagerie peut le lire. Ne cochez cette case que pour un serveur sur un réseau de confiance ; la connexion de la boîte affiche alors un avertissement.",
  "settings.inboxes.secretAgain": "Saisissez-le à nouveau : la nouvelle adresse le recevrait.",
  "settings.inboxes.reconnectAfter": "Changer de serveurs de messagerie déconnecte la boîte : reconnectez-la depuis Connexion après l'enregistrement.",
  "settings.inboxes.warnings": "Avertissements",
} satisfies Record<Key, string>;
