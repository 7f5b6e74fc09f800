// Spanish texts of en-problems.ts: the server's problems, by code.
import type { wordsTexts, problemTexts } from "./en-problems";

export const esProblems = {
  "problem.fields": "Algunos campos no son válidos.",
  "problem.not_found": "No encontrado: se eliminó, o no puedes verlo.",
  "problem.forbidden": "No tienes permiso para hacer esto.",
  "problem.conflict": "Choca con un cambio hecho mientras tanto. Recarga y vuelve a intentarlo.",
  "problem.unauthorized": "Correo o contraseña incorrectos, o tu sesión ha terminado.",
  "problem.window_closed": "La ventana de atención está cerrada: envía una plantilla.",
  "problem.opted_out": "El cliente pidió no recibir mensajes por este canal.",
  "problem.rate_limited": "Demasiados intentos. Espera un poco y vuelve a intentarlo.",
  "problem.unavailable": "No se puede conectar con Switchboard ahora. Inténtalo en unos segundos.",
  "problem.too_large": "Es demasiado grande.",
  "problem.internal": "Algo salió mal. Inténtalo de nuevo.",

  "fieldError.required": "Obligatorio.",
  "fieldError.length": "Escribe de {min} a {max} caracteres.",
  "fieldError.too_long": "Usa como máximo {max} caracteres.",
  "fieldError.too_short": "Usa al menos {min} caracteres.",
  "fieldError.email": "Escribe un correo electrónico válido.",
  "fieldError.taken": "Ya está en uso.",
  "fieldError.future": "Elige un momento en el futuro.",
  "fieldError.wrong_password": "No es tu contraseña actual.",
  "fieldError.password_too_long": "Demasiado larga: como máximo {max} bytes, menos con acentos o emojis.",
  "fieldError.password_common": "Es una de las contraseñas más comunes: elige otra.",
  "fieldError.password_repetitive": "Se repite o sigue una secuencia: elige otra.",
  "fieldError.password_personal": "No uses tu nombre ni tu correo electrónico.",

  "notFound.title": "Conversación no encontrada",
  "notFound.text": "Se eliminó, o no tienes acceso a ella.",
  "notFound.back": "Volver a la bandeja",

} satisfies Record<keyof typeof problemTexts | keyof typeof wordsTexts, string>;
