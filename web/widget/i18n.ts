// The widget's words in its five languages: the inbox's language, else the visitor's browser's.
const en = { online: "We're online", away: "We'll reply as soon as we can", placeholder: "Write a message…", send: "Send", back: "Back",
  close: "Close", attach: "Attach a file", emoji: "Emoji", failed: "Could not send. Try again.", seen: "Seen", typing: "is typing…",
  newConversation: "New conversation", tooBig: "This file is too large.", badType: "This kind of file cannot be sent.", reply_minutes: "We usually reply in a few minutes", reply_hour: "We usually reply within an hour", reply_day: "We usually reply within a day",
  emailAsk: "Leave your email and we'll answer you there", save: "Save", emailThanks: "Thanks! We'll reply by email if you've left.",
  prechatHint: "Then write your message below.", csatAsk: "How was your conversation?", csatComment: "Anything to add? (optional)", csatThanks: "Thanks for your feedback!" };
export type Words = typeof en;
export const strings: Record<string, Words> = {
  en,
  it: { online: "Siamo online", away: "Ti risponderemo appena possibile", placeholder: "Scrivi un messaggio…", send: "Invia", back: "Indietro",
    close: "Chiudi", attach: "Allega un file", emoji: "Emoji", failed: "Invio non riuscito. Riprova.", seen: "Visto", typing: "sta scrivendo…",
    newConversation: "Nuova conversazione", tooBig: "Il file è troppo grande.", badType: "Questo tipo di file non si può inviare.", reply_minutes: "Di solito rispondiamo in pochi minuti", reply_hour: "Di solito rispondiamo entro un'ora", reply_day: "Di solito rispondiamo entro un giorno",
    emailAsk: "Lascia la tua email e ti risponderemo lì", save: "Salva", emailThanks: "Grazie! Se te ne sei andato, ti risponderemo via email.",
    prechatHint: "Poi scrivi il tuo messaggio qui sotto.", csatAsk: "Com'è andata la conversazione?", csatComment: "Vuoi aggiungere qualcosa? (facoltativo)", csatThanks: "Grazie per il tuo parere!" },
  es: { online: "Estamos en línea", away: "Te responderemos lo antes posible", placeholder: "Escribe un mensaje…", send: "Enviar", back: "Atrás",
    close: "Cerrar", attach: "Adjuntar un archivo", emoji: "Emoji", failed: "No se pudo enviar. Inténtalo de nuevo.", seen: "Visto", typing: "está escribiendo…",
    newConversation: "Nueva conversación", tooBig: "El archivo es demasiado grande.", badType: "Este tipo de archivo no se puede enviar.", reply_minutes: "Solemos responder en pocos minutos", reply_hour: "Solemos responder en menos de una hora", reply_day: "Solemos responder en menos de un día",
    emailAsk: "Déjanos tu email y te responderemos allí", save: "Guardar", emailThanks: "¡Gracias! Si te has ido, te responderemos por email.",
    prechatHint: "Después escribe tu mensaje abajo.", csatAsk: "¿Qué tal fue la conversación?", csatComment: "¿Algo que añadir? (opcional)", csatThanks: "¡Gracias por tu opinión!" },
  fr: { online: "Nous sommes en ligne", away: "Nous vous répondrons dès que possible", placeholder: "Écrivez un message…", send: "Envoyer", back: "Retour",
    close: "Fermer", attach: "Joindre un fichier", emoji: "Emoji", failed: "Échec de l'envoi. Réessayez.", seen: "Vu", typing: "écrit…",
    newConversation: "Nouvelle conversation", tooBig: "Ce fichier est trop volumineux.", badType: "Ce type de fichier ne peut pas être envoyé.", reply_minutes: "Nous répondons généralement en quelques minutes", reply_hour: "Nous répondons généralement en moins d'une heure", reply_day: "Nous répondons généralement en moins d'un jour",
    emailAsk: "Laissez votre email et nous vous répondrons là", save: "Enregistrer", emailThanks: "Merci ! Si vous êtes parti, nous répondrons par email.",
    prechatHint: "Puis écrivez votre message ci-dessous.", csatAsk: "Comment s'est passée la conversation ?", csatComment: "Autre chose à ajouter ? (facultatif)", csatThanks: "Merci pour votre avis !" },
  pt: { online: "Estamos online", away: "Responderemos assim que possível", placeholder: "Escreva uma mensagem…", send: "Enviar", back: "Voltar",
    close: "Fechar", attach: "Anexar um arquivo", emoji: "Emoji", failed: "Não foi possível enviar. Tente de novo.", seen: "Visto", typing: "está digitando…",
    newConversation: "Nova conversa", tooBig: "Este arquivo é grande demais.", badType: "Este tipo de arquivo não pode ser enviado.", reply_minutes: "Costumamos responder em poucos minutos", reply_hour: "Costumamos responder em até uma hora", reply_day: "Costumamos responder em até um dia",
    emailAsk: "Deixe seu email e responderemos por lá", save: "Salvar", emailThanks: "Obrigado! Se você tiver saído, responderemos por email.",
    prechatHint: "Depois escreva sua mensagem abaixo.", csatAsk: "Como foi a conversa?", csatComment: "Algo a acrescentar? (opcional)", csatThanks: "Obrigado pela sua opinião!" },
};
// pick returns the first of the languages given that the widget speaks, else English.
export function pick(...langs: string[]): string {
  for (const l of langs) { const k = (l || "").slice(0, 2).toLowerCase(); if (strings[k]) return k; }
  return "en";
}
