// Texts of blocking and erasing contacts, and of the audit log (es).
import type { blockTexts } from "./en-block";

export const esBlock = {
  "block.block": "Bloquear",
  "block.unblock": "Desbloquear",
  "block.confirmTitle": "¿Bloquear a {name}?",
  "block.confirmText": "Sus mensajes se seguirán guardando, pero ocultos: ninguna lista, contador de no leídos, notificación, regla, asignación automática, respuesta automática, bot, encuesta ni temporizador de SLA reaccionará a ellos. Sus conversaciones solo aparecen al abrir el contacto o al filtrar por contactos bloqueados. Puedes desbloquearlo en cualquier momento.",
  "block.banner": "Este contacto está bloqueado — los mensajes se guardan pero están ocultos",
  "block.erase": "Eliminar contacto",
  "block.eraseTitle": "¿Eliminar a {name} y todos sus datos?",
  "block.eraseText": "Esto borra el contacto para siempre (el derecho de supresión del cliente): todas sus conversaciones y mensajes, archivos, direcciones, respuestas a encuestas y mensajes programados, y todo rastro suyo en la búsqueda, el registro de eventos, los trabajos en cola, los webhooks originales de los proveedores y las importaciones de contactos. No se puede deshacer. El registro de auditoría anota que lo hiciste, solo con el id del contacto y los recuentos.",
  "block.eraseWord": "ELIMINAR",
  "block.eraseType": "Escribe {word} para confirmar",
  "block.eraseConfirm": "Eliminar para siempre",
  "audit.empty": "Aún no hay nada registrado.",
  "audit.erased": "{actor} borró el contacto #{id}: {conversations} conversaciones, {messages} mensajes, {files} archivos",
  "audit.more": "Mostrar más",
  "settings.audit": "Registro de auditoría",
} satisfies Record<keyof typeof blockTexts, string>;
