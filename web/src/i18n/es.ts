// Spanish: every key of en.ts and en-settings.ts, in the same order. `satisfies` makes the type
// checker refuse a missing or an unknown key. Terms: conversación, bandeja de entrada, responsable,
// posponer, resolver, respuesta predefinida, nota, mención, etiqueta, webhook; tú.
import type { Key } from "./en";
import { esThread } from "./es-thread";
import { esNewconv } from "./es-newconv";
import { esFirst } from "./es-first";
import { esStatus } from "./es-status";
import { esProblems } from "./es-problems";
import { esFormat } from "./es-format";
import { esMessenger } from "./es-messenger";
import { esInstagram } from "./es-instagram";
import { esComments } from "./es-comments";
import { esContactsBook } from "./es-contacts-book";
import { esCrm } from "./es-crm";
import { esMetaOAuth } from "./es-metaoauth";
import { esDm } from "./es-dm";
import { esWebchat } from "./es-webchat";
import { esWcflows } from "./es-wcflows";
import { esWcsettings } from "./es-wcsettings";
import { esHours } from "./es-hours";
import { esAssign } from "./es-assign";
import { esCSAT } from "./es-csat";
import { esTeamAssign } from "./es-teamassign";
import { esAttrs } from "./es-attrs";
import { esMerge } from "./es-merge";
import { esNotes } from "./es-notes";
import { esReview } from "./es-review";
import { esBlock } from "./es-block";
import { esHoursTpl } from "./es-hourstpl";
import { esAutomation } from "./es-automation";
import { esRules } from "./es-rules";
import { esBots } from "./es-bots";
import { esSla } from "./es-sla";
import { esAssistant } from "./es-assistant";
import { esCopilot } from "./es-copilot";
import { esReports } from "./es-reports";
import { esNotifications } from "./es-notifications";

export const es = {
  ...esReports, // the reports
  ...esNotifications, // the bell, its panel and Settings › Notifications
  ...esAssistant, // the assistant: its settings, the analysis note, filters and inbox switches
  ...esThread, // voice notes, contact cards, delivery failures
  ...esNewconv, // the "New conversation" dialog
  ...esFirst, // the first-run guide, the demo banner, the unread line, printing
  ...esStatus, // window and delivery status of rows and replies
  ...esProblems, // server problems by code, the not-found screen
  ...esFormat, // the composer's formatting
  ...esMessenger, // Messenger inboxes
  ...esInstagram, // Instagram inboxes
  ...esComments, // comments under posts
  ...esContactsBook, // the address book
  ...esCrm, // the link to the company's CRM
  ...esMetaOAuth, // connecting Messenger and Instagram with Meta's sign-in
  ...esDm, // Messenger and Instagram conversations
  ...esWebchat, // web chat conversations
  ...esWcflows, // web chat conversation flows
  ...esAssign, // automatic assignment settings
  ...esCSAT, // satisfaction survey settings
  ...esTeamAssign, // a team's automatic assignment settings
  ...esMerge, // contact merges
  ...esNotes, // notes on a contact and its activity
  ...esAttrs, // contacts' custom attributes
  ...esReview, // identity linking and the review queue of duplicates
  ...esBlock, // blocking and erasing contacts, the audit log
  ...esHoursTpl, // templates of auto-replies once the window has closed
  ...esAutomation, // the automatic actors milestones credit
  ...esRules, // Settings › Rules: the rule builder, its test and run log
  ...esBots, // inboxes' bots: settings, header chip, milestones
  ...esSla, // SLA policies and their timers
  ...esWcsettings, // the web chat settings screen
  ...esHours, // an inbox's hours and auto-replies
  ...esCopilot, // the assistant in the composer, translations in the thread
  "action.add": "Añadir",
  "action.back": "Atrás",
  "action.cancel": "Cancelar",
  "action.close": "Cerrar",
  "action.delete": "Eliminar",
  "action.edit": "Editar",
  "action.removeLabel": "Quitar la etiqueta {name}",
  "action.retry": "Reintentar",
  "action.save": "Guardar",
  "action.signOut": "Cerrar sesión",

  "activity.assigned": "{who} asignó la conversación a {agent}",

  "activity.took": "{who} tomó la conversación",
  "activity.deleted": "{who} eliminó un mensaje",
  "activity.identityAdded": "{who} añadió la dirección {address} al contacto",
  "activity.identityRemoved": "{who} quitó la dirección {address} del contacto",
  "activity.labelsAdded": "{who} añadió {labels}",
  "activity.labelsRemoved": "{who} quitó {labels}",
  "activity.snoozed": "{who} pospuso la conversación hasta el {until}",
  "activity.status": "{who} marcó la conversación como {status}",
  "activity.unassigned": "{who} quitó la asignación de la conversación",

  "boot.offline": "No se puede conectar con Switchboard. Comprueba que el servidor esté en funcionamiento.",

  "channel.whatsapp": "WhatsApp",
  "channel.messenger": "Messenger",
  "channel.instagram": "Instagram",
  "channel.rcs": "RCS",
  "channel.sms": "SMS",
  "channel.email": "Correo electrónico",
  "channel.webchat": "Chat del sitio web",
  "channel.telegram": "Telegram",
  "channel.api": "API",

  "composer.addNote": "Añadir nota",
  "composer.attach": "Adjuntar archivos",
  "composer.badType": "{name}: este canal no puede enviar este tipo de archivo.",
  "composer.files": "Archivos para enviar",
  "composer.noFiles": "Este canal no puede enviar archivos.",
  "composer.removeFile": "Quitar {name}",
  "composer.tooBig": "{name} supera los {mb} MB, el máximo que envía este canal.",
  "composer.tooMany": "Este canal envía como máximo {n} archivos por mensaje.",
  "composer.uploading": "Subiendo…",
  "composer.canned": "Respuestas predefinidas",
  "composer.emoji": "Insertar emoji",
  "composer.hint": "Enter para enviar · Shift+Enter para una nueva línea · / para respuestas predefinidas",
  "composer.later": "Programar",
  "composer.laterTitle": "Enviar esta respuesta más tarde",
  "composer.mention": "Mencionar a un compañero",
  "composer.mode": "Respuesta o nota",
  "composer.note": "Nota",
  "composer.notePlaceholder": "Escribe una nota privada para tu equipo; con @ mencionas a un compañero",
  "composer.placeholder": "Escribe una respuesta",
  "composer.reply": "Respuesta",
  "composer.replyingTo": "Respondiendo a {name}",
  "composer.schedule": "Programar",
  "composer.send": "Enviar",
  "composer.sendAt": "Fecha y hora de envío",

  "contact.addAttribute": "Añadir un campo",
  "contact.attributeName": "Campo",
  "contact.attributes": "Campos personalizados",
  "contact.attributeValue": "Valor",
  "contact.removeAttribute": "Quitar {name}",
  "contact.conversations": "Conversaciones",
  "contact.files": "Archivos compartidos",
  "contact.firstSeen": "Primer contacto",
  "contact.identities": "Canales",
  "contact.title": "Contacto",
  "contact.unknown": "Desconocido",

  "conv.agents": "Agentes",
  "conv.assignToMe": "Asignarme",
  "conv.flag": "Destacar",
  "conv.flagged": "Destacada",
  "conv.labels": "Etiquetas",
  "conv.markRead": "Marcar como leída",
  "conv.markUnread": "Marcar como no leída",
  "conv.more": "Más",
  "conv.print": "Imprimir transcripción",
  "conv.priority": "Prioridad",
  "conv.reopen": "Reabrir",
  "conv.resolve": "Resolver",
  "conv.snooze": "Posponer",
  "conv.snoozedUntil": "hasta el {time}",
  "conv.teams": "Equipos",
  "conv.unassign": "Quitar asignación",
  "conv.unassigned": "Sin asignar",
  "conv.unread": "No leída",

  "error.unexpected": "Algo salió mal. Inténtalo de nuevo.",

  "field.avatarUrl": "URL del avatar",
  "field.email": "Correo electrónico",
  "field.language": "Idioma",
  "field.name": "Nombre",
  "field.password": "Contraseña",
  "field.phone": "Teléfono",
  "field.timeZone": "Zona horaria",

  "filter.agent": "Un agente",
  "filter.any": "Cualquiera",
  "filter.assignee": "Responsable",
  "filter.channel": "Canal",
  "filter.clear": "Borrar filtros",
  "filter.customer": "El cliente",
  "filter.flagged": "Destacadas",
  "filter.inbox": "Bandeja de entrada",
  "filter.label": "Etiqueta",
  "filter.lastReplier": "Último mensaje de",
  "filter.more": "Filtros",
  "filter.no": "No",
  "filter.since": "Desde",
  "filter.sort": "Ordenar",
  "filter.status": "Estado",
  "filter.team": "Equipo",
  "filter.unread": "No leídas",
  "filter.until": "Hasta",
  "filter.yes": "Sí",

  "inbox.pick": "Elige una conversación para leerla.",
  "inbox.shortcutsHint": "Pulsa ? para ver los atajos de teclado.",

  "label.new": "Nueva etiqueta",

  "list.empty": "No hay conversaciones aquí.",
  "list.loading": "Cargando…",
  "list.markAllRead": "Marcar todas como leídas",
  "list.title": "Conversaciones",
  "list.views": "Vistas",

  "login.submit": "Iniciar sesión",
  "login.title": "Inicia sesión en Switchboard",

  "message.deleted": "Este mensaje se eliminó.",
  "message.document": "Documento",
  "message.failed": "No entregado",
  "message.in": "Mensaje de {name}",
  "message.location": "Ubicación",
  "message.note": "Nota de {name}",
  "message.noteBy": "Nota · {name}",
  "message.out": "Respuesta de {name}",
  "message.replyTo": "Responder a este mensaje",

  "nav.inbox": "Bandeja",
  "nav.main": "Principal",
  "nav.reports": "Informes",
  "nav.settings": "Ajustes",


  "presence.away": "Ausente",
  "presence.offline": "Sin conexión",
  "presence.online": "En línea",

  "priority.high": "Alta",
  "priority.low": "Baja",
  "priority.medium": "Media",
  "priority.none": "Sin prioridad",
  "priority.urgent": "Urgente",

  "profile.browserLanguage": "El idioma del navegador",
  "profile.changePassword": "Cambiar contraseña",
  "profile.currentPassword": "Contraseña actual",
  "profile.newPassword": "Nueva contraseña",
  "profile.password": "Contraseña",
  "profile.passwordChanged": "Contraseña cambiada. Tus otras sesiones y tokens de API se han cerrado.",
  "profile.presence": "Disponibilidad",
  "profile.presenceHint":
    "«En línea» sigue tus ventanas abiertas de Switchboard: pasas a ausente un par de minutos después de cerrar la última.",
  "profile.saved": "Guardado.",
  "profile.theme": "Apariencia",

  "scheduled.at": "Se envía el {time}",
  "scheduled.title": "Respuestas programadas",

  "search.contacts": "Contactos",
  "search.label": "Buscar contactos y mensajes",
  "search.messages": "Mensajes",
  "search.none": "Nada coincide con «{q}».",
  "search.placeholder": "Buscar",
  "search.searching": "Buscando…",

  "settings.profile": "Tu perfil",

  "setup.intro": "Crea la primera cuenta de administrador. Después podrás invitar a tu equipo.",
  "setup.passwordHint": "Al menos 10 caracteres; no una contraseña común, una secuencia, un nombre ni una dirección de correo.",
  "setup.submit": "Crear administrador e iniciar sesión",
  "setup.title": "Te damos la bienvenida a Switchboard",

  "shortcut.assign": "Asignar",
  "shortcut.help": "Mostrar esta ayuda",
  "shortcut.newline": "Nueva línea en el mensaje",
  "shortcut.next": "Conversación siguiente",
  "shortcut.note": "Escribir una nota",
  "shortcut.prev": "Conversación anterior",
  "shortcut.reply": "Responder",
  "shortcut.resolve": "Resolver o reabrir",
  "shortcut.search": "Buscar",
  "shortcut.send": "Enviar",
  "shortcut.snooze": "Posponer",
  "shortcut.title": "Atajos de teclado",

  "snooze.1h": "1 hora",
  "snooze.2h": "2 horas",
  "snooze.4h": "4 horas",
  "snooze.custom": "Elegir fecha y hora…",
  "snooze.customTitle": "Posponer hasta",
  "snooze.next_monday": "El próximo lunes, 9:00",
  "snooze.tomorrow": "Mañana, 9:00",
  "snooze.until": "Hasta",

  "sort.newest": "Más recientes",
  "sort.waiting": "Más tiempo en espera",

  "status.all": "Todos los estados",
  "status.open": "Abierta",
  "status.pending": "Pendiente",
  "status.resolved": "Resuelta",
  "status.snoozed": "Pospuesta",

  "stream.reconnecting": "Reconectando… los cambios aparecerán en cuanto vuelva la conexión.",

  "theme.dark": "Oscuro",
  "theme.light": "Claro",
  "theme.system": "Como el sistema",

  "thread.older": "Cargar mensajes anteriores",
  "thread.title": "Conversación",

  "tick.accepted": "Aceptado",
  "tick.delivered": "Entregado",
  "tick.failed": "Fallido",
  "tick.pending": "Enviando",
  "tick.read": "Leído",
  "tick.sent": "Enviado",

  "view.all": "Todas",
  "view.mentions": "Menciones",
  "view.mine": "Mías",
  "view.unassigned": "Sin asignar",

  // Settings pages (en-settings.ts).
  "settings.actionOn": "{action}: {name}",
  "settings.actions": "Acciones",
  "settings.copied": "Copiado",
  "settings.copy": "Copiar",
  "settings.description": "Descripción",
  "settings.done": "Listo",
  "settings.secret": "Secreto",
  "settings.secretOnce": "Cópialo ahora y guárdalo en un lugar seguro: solo se muestra esta vez.",

  "settings.role.admin": "Administrador",
  "settings.role.agent": "Agente",
  "settings.role.supervisor": "Supervisor",

  "settings.agents": "Agentes",
  "settings.agents.create": "Añadir agente",
  "settings.agents.deleteMessage":
    "Ya no podrá iniciar sesión, se revocan sus sesiones y sus tokens de API, y sus conversaciones abiertas quedan sin asignar. Sus mensajes conservan su nombre.",
  "settings.agents.deleteTitle": "¿Quitar a {name}?",
  "settings.agents.editTitle": "Editar {name}",
  "settings.agents.empty": "Todavía no hay agentes.",
  "settings.agents.intro":
    "Las personas que responden a las conversaciones. Los agentes ven las bandejas de entrada a las que pertenecen; los supervisores las ven todas; los administradores, además, gestionan los ajustes.",
  "settings.agents.new": "Nuevo agente",
  "settings.agents.passwordEnds": "Sus sesiones y tokens de API terminan: volverá a iniciar sesión con la nueva contraseña.",
  "settings.agents.passwordTitle": "Establecer la contraseña de {name}",
  "settings.agents.role": "Rol",
  "settings.agents.roleHint":
    "Los administradores gestionan los ajustes; los supervisores ven todas las bandejas de entrada; los agentes solo ven las suyas.",
  "settings.agents.setPassword": "Establecer contraseña",
  "settings.agents.you": "(tú)",

  "settings.teams": "Equipos",
  "settings.teams.create": "Crear equipo",
  "settings.teams.deleteMessage": "Sus miembros se mantienen, pero pierden las bandejas de entrada a las que pertenecían solo a través de este equipo.",
  "settings.teams.deleteTitle": "¿Eliminar el equipo {name}?",
  "settings.teams.editTitle": "Editar {name}",
  "settings.teams.empty": "Todavía no hay equipos.",
  "settings.teams.intro":
    "Grupos de agentes. Un equipo puede pertenecer a bandejas de entrada, para que todos sus agentes las vean, y recibir conversaciones asignadas.",
  "settings.teams.members": "Miembros",
  "settings.teams.new": "Nuevo equipo",
  "settings.teams.noMembers": "Sin miembros",

  "settings.inboxes": "Bandejas de entrada",
  "settings.inboxes.addSecret": "Añadir secreto",
  "settings.inboxes.channel": "Canal",
  "settings.inboxes.create": "Crear bandeja de entrada",
  "settings.inboxes.createToken": "Crear token de integración",
  "settings.inboxes.deleteMessage": "Todas las conversaciones y mensajes de esta bandeja de entrada se eliminan con ella. No se puede deshacer.",
  "settings.inboxes.deleteTitle": "¿Eliminar la bandeja de entrada {name}?",
  "settings.inboxes.details": "Detalles",
  "settings.inboxes.editTitle": "Editar {name}",
  "settings.inboxes.empty": "Todavía no hay bandejas de entrada. Conecta una para empezar a recibir conversaciones.",
  "settings.inboxes.intro":
    "Cada bandeja de entrada es una cuenta de canal conectada. Los agentes ven las bandejas de entrada a las que pertenecen, directamente o a través de un equipo.",
  "settings.inboxes.hasToken": "Su integración tiene un token.",
  "settings.inboxes.noToken": "Aún no hay token de integración.",
  "settings.inboxes.revokeToken": "Revocar token",
  "settings.inboxes.revokeTitle": "¿Revocar el token de integración de {name}?",
  "settings.inboxes.revokeMessage": "La integración no podrá enviar nada hasta que crees un token nuevo.",
  "settings.inboxes.keepSecret": "Conservar",
  "settings.inboxes.members": "Miembros",
  "settings.inboxes.membersHint": "Los agentes elegidos aquí, y todos los agentes de los equipos elegidos aquí, ven esta bandeja de entrada.",
  "settings.inboxes.membersTitle": "Quién pertenece a {name}",
  "settings.inboxes.new": "Nueva bandeja de entrada",
  "settings.inboxes.newSecretName": "Nombre de otro secreto",
  "settings.inboxes.noOutbound": "Sin URL de salida: las respuestas no se pueden entregar.",
  "settings.inboxes.outboundHint": "Switchboard envía aquí por POST cada respuesta de los agentes, firmada con el secreto de firma.",
  "settings.inboxes.outboundUrl": "URL de salida",
  "settings.inboxes.removeSecret": "Quitar",
  "settings.inboxes.secretIsSet": "Establecido. Escribe un valor nuevo para reemplazarlo.",
  "settings.inboxes.secretNotSet": "Sin establecer.",
  "settings.inboxes.secretRemoving": "Se quitará al guardar.",
  "settings.inboxes.secrets": "Secretos",
  "settings.inboxes.secretsHint": "Los secretos se guardan cifrados y no se vuelven a mostrar: solo puedes reemplazarlos o quitarlos.",
  "settings.inboxes.secretsSet": "Secretos establecidos: {names}",
  "settings.inboxes.settings": "Configuración (JSON)",
  "settings.inboxes.settingsHint": "La configuración del canal, como objeto JSON.",
  "settings.inboxes.settingsInvalid": "La configuración debe ser un objeto JSON.",
  "settings.inboxes.signingSecret": "Secreto de firma",
  "settings.inboxes.tokenMessage":
    "El token permite que la integración de esta bandeja de entrada publique los mensajes de sus clientes y los informes de entrega, y nada más. Un token nuevo reemplaza al actual de inmediato.",
  "settings.inboxes.tokenShown": "Token de integración de {name}",
  "settings.inboxes.tokenTitle": "¿Crear un token de integración para {name}?",

  "settings.labels": "Etiquetas",
  "settings.labels.color": "Color",
  "settings.labels.create": "Crear etiqueta",
  "settings.labels.deleteMessage": "La etiqueta se quita de todas las conversaciones que la tienen.",
  "settings.labels.deleteTitle": "¿Eliminar la etiqueta {name}?",
  "settings.labels.editTitle": "Editar {name}",
  "settings.labels.empty": "Todavía no hay etiquetas.",
  "settings.labels.intro": "Las etiquetas clasifican las conversaciones para que los agentes puedan filtrar la lista por ellas.",
  "settings.labels.nameHint": "Como máximo 50 caracteres, sin comas.",
  "settings.labels.preview": "Vista previa",

  "settings.canned": "Respuestas predefinidas",
  "settings.canned.content": "Contenido",
  "settings.canned.create": "Crear respuesta predefinida",
  "settings.canned.deleteMessage": "Los agentes ya no podrán insertarla. Las respuestas ya enviadas no cambian.",
  "settings.canned.deleteTitle": "¿Eliminar {name}?",
  "settings.canned.editTitle": "Editar {name}",
  "settings.canned.empty": "Todavía no hay respuestas predefinidas.",
  "settings.canned.intro": "Respuestas guardadas: para insertar una, los agentes escriben / y el atajo en el cuadro de respuesta.",
  "settings.canned.new": "Nueva respuesta predefinida",
  "settings.canned.shortcut": "Atajo",
  "settings.canned.shortcutHint": "Letras minúsculas, dígitos, - y _; los agentes lo escriben después de /.",
  "settings.canned.title": "Título",
  "settings.canned.variablesHint":
    "Las variables se rellenan con los datos de la conversación al insertar la respuesta, y las desconocidas o vacías se omiten: {list}.",

  "settings.webhooks": "Webhooks",
  "settings.rules": "Reglas",
  "settings.webhooks.allEvents": "Todos los eventos",
  "settings.webhooks.attempts": "Intentos",
  "settings.webhooks.body": "Cuerpo",
  "settings.webhooks.create": "Crear webhook",
  "settings.webhooks.created": "Webhook creado: su secreto de firma",
  "settings.webhooks.deleteMessage": "{url} deja de recibir eventos y sus entregas se eliminan.",
  "settings.webhooks.deleteTitle": "¿Eliminar este webhook?",
  "settings.webhooks.deliveries": "Entregas",
  "settings.webhooks.deliveriesTitle": "Entregas a {url}",
  "settings.webhooks.delivery.failed": "Fallida",
  "settings.webhooks.delivery.pending": "Pendiente",
  "settings.webhooks.delivery.succeeded": "Correcta",
  "settings.webhooks.disable": "Desactivar",
  "settings.webhooks.disabled": "Desactivado",
  "settings.webhooks.duration": "{ms} ms",
  "settings.webhooks.editTitle": "Editar webhook",
  "settings.webhooks.empty": "Todavía no hay webhooks.",
  "settings.webhooks.enable": "Activar",
  "settings.webhooks.enabled": "Activado",
  "settings.webhooks.error": "Error",
  "settings.webhooks.eventType": "Evento",
  "settings.webhooks.events": "Eventos",
  "settings.webhooks.eventsHint": "Deja todas las casillas sin marcar para recibir todos los tipos de evento.",
  "settings.webhooks.failures": "Fallos seguidos",
  "settings.webhooks.intro":
    "Switchboard envía por POST a la URL cada evento de los tipos elegidos, firmado con el secreto del webhook. Tras 20 entregas fallidas seguidas, el webhook se desactiva.",
  "settings.webhooks.new": "Nuevo webhook",
  "settings.webhooks.nextAttempt": "próximo intento: {time}",
  "settings.webhooks.noDeliveries": "Todavía no se ha entregado nada.",
  "settings.webhooks.older": "Entregas anteriores",
  "settings.webhooks.refresh": "Actualizar",
  "settings.webhooks.response": "Respuesta HTTP",
  "settings.webhooks.rotate": "Renovar secreto",
  "settings.webhooks.rotateMessage": "El secreto actual deja de funcionar de inmediato: actualiza el receptor con el nuevo.",
  "settings.webhooks.rotateTitle": "¿Reemplazar el secreto de firma?",
  "settings.webhooks.rotated": "El nuevo secreto de firma",
  "settings.webhooks.secretPrefix": "Secreto {prefix}…",
  "settings.webhooks.state": "Estado",
  "settings.webhooks.test": "Enviar prueba",
  "settings.webhooks.testQueued": "Hay una entrega de prueba en camino.",
  "settings.webhooks.time": "Fecha y hora",
  "settings.webhooks.url": "URL",
  "settings.webhooks.urlHint": "Una dirección http:// o https:// que responda 2xx en menos de 15 segundos.",

  "settings.tokens": "Tokens de API",
  "settings.tokens.create": "Crear token",
  "settings.tokens.createdAt": "Creado",
  "settings.tokens.shown": "Tu nuevo token de API",
  "settings.tokens.empty": "No tienes tokens de API.",
  "settings.tokens.intro":
    "Los tokens personales permiten que tus scripts usen la API en tu nombre: envía uno como Authorization: Bearer <token>.",
  "settings.tokens.lastUsed": "Último uso",
  "settings.tokens.nameHint": "Para qué sirve el token, para poder distinguirlo.",
  "settings.tokens.never": "Nunca",
  "settings.tokens.new": "Nuevo token de API",
  "settings.tokens.prefix": "Empieza por",
  "settings.tokens.revoke": "Revocar",
  "settings.tokens.revokeMessage": "Los scripts que lo usan dejan de funcionar de inmediato.",
  "settings.tokens.revokeTitle": "¿Revocar el token {name}?",

  "window.open": "Ventana de respuesta abierta: quedan {left}",
  "window.closed": "La ventana de 24 horas está cerrada: solo se puede enviar una plantilla.",
  "window.never": "Este cliente aún no ha escrito: empieza con una plantilla.",
  "window.closedPlaceholder": "Fuera de la ventana no se permite texto libre. Elige una plantilla.",
  "template.choose": "Plantilla",
  "template.title": "Enviar una plantilla",
  "template.none": "Esta bandeja aún no tiene plantillas. Un administrador puede sincronizarlas en Ajustes › Bandejas › Conexión.",
  "template.status.pending": "Pendiente de aprobación",
  "template.status.rejected": "Rechazada",
  "template.status.paused": "En pausa",
  "template.status.disabled": "Desactivada",
  "template.param": "Parámetro {n}",
  "template.preview": "Lo que leerá el cliente",
  "template.send": "Enviar plantilla",
  "message.external": "Agente externo",
  "message.template": "Plantilla {name}",
  "message.forwarded": "Reenviado",
  "message.unsupported": "El cliente envió algo que Switchboard no puede mostrar ({kind}).",
  "message.unreadable": "Este mensaje no se pudo leer por completo.",
  "message.unreadableEmail": "Este correo no se pudo leer por completo: se muestra lo que se pudo leer.",
  "message.source": "Descargar el original",
  "message.reactions": "Reacciones",
  "message.reactedBusiness": "{name}, por el equipo",
  "message.react": "Reaccionar",
  "message.fetching": "Descargando el archivo del proveedor…",
  "message.fetchFailed": "No se pudo descargar el archivo: {reason}",
  "settings.inboxes.simulated": "Simulada",
  "settings.inboxes.connection": "Conexión",
  "settings.inboxes.provider": "Proveedor",
  "settings.inboxes.field.phone_number_id": "ID del número de teléfono",
  "settings.inboxes.field.business_account_id": "ID de la cuenta de WhatsApp Business",
  "settings.inboxes.field.api_base_url": "Dirección de la API",
  "settings.inboxes.field.account_sid": "Account SID",
  "settings.inboxes.field.from": "Número remitente",
  "settings.inboxes.field.messaging_service_sid": "Messaging Service SID",
  "settings.inboxes.field.webhook_url": "URL pública del webhook",
  "settings.inboxes.hint.phone_number_id": "En el WhatsApp Manager de Meta, bajo el número (cifras, no el número en sí).",
  "settings.inboxes.hint.business_account_id": "Necesario para sincronizar las plantillas.",
  "settings.inboxes.hint.api_base_url": "Déjalo vacío para la dirección del proveedor.",
  "settings.inboxes.hint.account_sid": "AC seguido de 32 caracteres, en el inicio de la consola de Twilio.",
  "settings.inboxes.hint.from": "En formato internacional, por ejemplo +14155238886.",
  "settings.inboxes.hint.messaging_service_sid": "Opcional: envía mediante un Messaging Service en lugar del número.",
  "settings.inboxes.hint.webhook_url": "La URL del webhook de esta bandeja exactamente como se introdujo en Twilio (ver Conexión). Twilio firma las solicitudes con ella y descarga los archivos de su dirección.",
  "settings.inboxes.secret.access_token": "Token de acceso",
  "settings.inboxes.secret.app_secret": "Secreto de la app",
  "settings.inboxes.secret.verify_token": "Token de verificación",
  "settings.inboxes.secret.auth_token": "Auth token",
  "settings.inboxes.connectionTitle": "Conexión de {name}",
  "settings.inboxes.webhookUrl": "URL del webhook",
  "settings.inboxes.webhookHint": "Pégala en la consola del proveedor (Meta: callback URL, con el token de verificación de abajo; Twilio: “A message comes in”).",
  "settings.inboxes.lastWebhook": "Último webhook recibido",
  "settings.inboxes.lastSend": "Último mensaje enviado",
  "settings.inboxes.lastError": "Último error",
  "settings.inboxes.noError": "Ninguno",
  "settings.inboxes.never": "Nunca",
  "settings.inboxes.credentials": "Credenciales",
  "settings.inboxes.credentialsUnknown": "Aún no usadas",
  "settings.inboxes.credentialsOk": "Funcionan",
  "settings.inboxes.credentialsBad": "Rechazadas por el proveedor: vuelve a conectar la bandeja",
  "settings.inboxes.templatesSynced": "Plantillas sincronizadas",
  "settings.inboxes.syncTemplates": "Sincronizar plantillas",
  "settings.inboxes.syncing": "Sincronizando…",
  "composer.location": "Compartir una ubicación",
  "location.title": "Compartir una ubicación",
  "location.name": "Nombre del lugar",
  "location.address": "Dirección",
  "location.latitude": "Latitud",
  "location.longitude": "Longitud",
  "location.here": "Usar mi posición",
  "location.send": "Enviar ubicación",
  "settings.inboxes.templateLanguage": "Idioma",
  "settings.inboxes.templateCategory": "Categoría",
  "settings.inboxes.templateStatus": "Aprobación",
  "settings.inboxes.templateApproved": "Aprobada",
  "template.status.unsubmitted": "No enviada",
  "contact.labels": "Etiquetas",
  "contact.addLabel": "Añadir una etiqueta",
  "message.bot": "{name} (bot)",
  "activity.handedOff": "El bot pasó la conversación al equipo: {reason}",
  "activity.handedOffTeam": "El bot pasó la conversación a {team}: {reason}",
  "activity.optedOut": "El cliente se dio de baja de los mensajes de {channel} ({address})",
  "activity.optedOutRefused": "El cliente se había dado de baja de los mensajes de {channel} ({address}): {reason}",
  "activity.optedIn": "El cliente volvió a aceptar los mensajes de {channel} ({address})",
  "composer.optedOut": "Este cliente se dio de baja de los mensajes de {channel} (envió STOP): no se le puede enviar nada hasta que envíe START. Las notas siguen funcionando.",
  "composer.optedOutPlaceholder": "El cliente se dio de baja: no se pueden enviar respuestas.",
  "contact.optedOut": "Dado de baja ({channels}) · {date}",
  "email.subject": "Asunto",
  "email.from": "De",
  "email.to": "Para",
  "email.cc": "Cc",
  "email.bcc": "Cco",
  "email.addCopies": "Añadir Cc o Cco",
  "email.automatic": "Enviado automáticamente",
  "email.bulk": "Boletín o lista de correo",
  "email.showQuoted": "Mostrar el texto citado",
  "email.hideQuoted": "Ocultar el texto citado",
  "message.imagesBlocked": "Las imágenes de internet están bloqueadas, así el remitente no sabe que abriste este mensaje.",
  "message.showImages": "Mostrar imágenes",
  "message.showImagesHint": "Switchboard las descarga por ti, así el remitente no conoce tu dirección.",
  "message.html": "El mensaje",
  "settings.inboxes.secret.password": "Contraseña",
  "settings.inboxes.field.address": "Dirección",
  "settings.inboxes.field.from_name": "Nombre del remitente",
  "settings.inboxes.field.username": "Usuario",
  "settings.inboxes.field.imap_host": "Servidor IMAP",
  "settings.inboxes.field.imap_port": "Puerto IMAP",
  "settings.inboxes.field.imap_security": "Seguridad IMAP",
  "settings.inboxes.field.smtp_host": "Servidor SMTP",
  "settings.inboxes.field.smtp_port": "Puerto SMTP",
  "settings.inboxes.field.smtp_security": "Seguridad SMTP",
  "settings.inboxes.field.folders": "Carpetas leídas",
  "settings.inboxes.field.sync_sent": "Mostrar las respuestas enviadas desde programas de correo",
  "settings.inboxes.field.after_import": "Tras importar",
  "settings.inboxes.field.sent_folder": "Copiar las respuestas en la carpeta",
  "settings.inboxes.field.acknowledge": "Acuse automático",
  "settings.inboxes.field.allow_agent_address": "Los agentes pueden responder desde su dirección",
  "settings.inboxes.hint.address": "La dirección compartida a la que escriben los clientes; las respuestas salen de ella.",
  "settings.inboxes.hint.folders": "INBOX si está vacío. Separa las carpetas con comas: INBOX, Pedidos.",
  "settings.inboxes.hint.sync_sent": "Lee también la carpeta de enviados (la que el servidor marca como tal, si no aquella en la que se copian las respuestas): lo que los compañeros envían desde su propio programa de correo aparece en su conversación como enviado por un agente externo.",
  "settings.inboxes.hint.sent_folder": "Para servidores que no guardan copia de lo enviado (Gmail sí): por ejemplo Sent.",
  "settings.inboxes.hint.acknowledge": "Se envía una vez por cada conversación nueva que inicia una persona; nunca a respuestas automáticas, boletines o rebotes.",
  "settings.inboxes.option.tls": "TLS",
  "settings.inboxes.option.starttls": "STARTTLS",
  "settings.inboxes.option.none": "Ninguna (solo servidores de prueba locales)",
  "settings.inboxes.option.seen": "Marcarlo como leído",
  "settings.inboxes.option.archive": "Moverlo a Archivo",
  "settings.inboxes.option.leave": "Dejarlo como está",
  "settings.inboxes.field.auth": "Inicio de sesión",
  "settings.inboxes.field.oauth_client_id": "Client id de OAuth",
  "settings.inboxes.field.oauth_tenant": "Directorio de Microsoft (tenant)",
  "settings.inboxes.hint.auth": "Una contraseña (o de aplicación), u OAuth2 con Google o Microsoft: luego conecta el buzón desde Conexión.",
  "settings.inboxes.hint.oauth_tenant": "common salvo que tu organización indique otro.",
  "settings.inboxes.option.google": "Google (OAuth2)",
  "settings.inboxes.option.microsoft": "Microsoft 365 (OAuth2)",
  "settings.inboxes.option.password": "Contraseña",
  "settings.inboxes.secret.oauth_client_secret": "Secreto del cliente OAuth",
  "settings.inboxes.connectGoogle": "Conectar con Google",
  "settings.inboxes.connectMicrosoft": "Conectar con Microsoft",
  "settings.inboxes.oauthConnected": "Sesión iniciada: Switchboard guarda el refresh token del buzón.",
  "settings.inboxes.oauthNotConnected": "Aún sin iniciar sesión.",
  "settings.inboxes.oauthDone": "{name} está conectada.",
  "settings.inboxes.oauthFailed": "El inicio de sesión no se completó: {reason}",
  "field.signature": "Firma de correo",
  "field.signatureHint": "Se añade bajo tus respuestas por correo.",
  "settings.inboxes.lastImport": "Último correo importado",
  "channel.phone": "Teléfono",
  "channel.web": "Sitio web",
  "settings.inboxes.field.allow_insecure": "Permitir el inicio de sesión sin cifrado",
  "settings.inboxes.hint.allow_insecure": "Con seguridad «Ninguna» la contraseña viaja sin cifrar: cualquiera en la red entre Switchboard y el servidor de correo puede leerla. Márcalo solo para un servidor en una red de confianza; la conexión de la bandeja mostrará entonces un aviso.",
  "settings.inboxes.secretAgain": "Vuelve a introducirlo: lo recibiría la nueva dirección.",
  "settings.inboxes.reconnectAfter": "Cambiar los servidores de correo desconecta el buzón: vuelve a conectarlo desde Conexión después de guardar.",
  "settings.inboxes.warnings": "Avisos",
} satisfies Record<Key, string>;
