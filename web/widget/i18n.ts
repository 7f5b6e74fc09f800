// The widget's words in its five languages: the inbox's language, else the visitor's browser's.
const en = { online: "We're online", away: "We'll reply as soon as we can", placeholder: "Write a message…", send: "Send", back: "Back",
  close: "Close", attach: "Attach a file", emoji: "Emoji", failed: "Could not send. Try again.", seen: "Seen", typing: "is typing…",
  newConversation: "New conversation", tooBig: "This file is too large.", badType: "This kind of file cannot be sent." };
export type Words = typeof en;
export const strings: Record<string, Words> = {
  en,
  it: { online: "Siamo online", away: "Ti risponderemo appena possibile", placeholder: "Scrivi un messaggio…", send: "Invia", back: "Indietro",
    close: "Chiudi", attach: "Allega un file", emoji: "Emoji", failed: "Invio non riuscito. Riprova.", seen: "Visto", typing: "sta scrivendo…",
    newConversation: "Nuova conversazione", tooBig: "Il file è troppo grande.", badType: "Questo tipo di file non si può inviare." },
  es: { online: "Estamos en línea", away: "Te responderemos lo antes posible", placeholder: "Escribe un mensaje…", send: "Enviar", back: "Atrás",
    close: "Cerrar", attach: "Adjuntar un archivo", emoji: "Emoji", failed: "No se pudo enviar. Inténtalo de nuevo.", seen: "Visto", typing: "está escribiendo…",
    newConversation: "Nueva conversación", tooBig: "El archivo es demasiado grande.", badType: "Este tipo de archivo no se puede enviar." },
  fr: { online: "Nous sommes en ligne", away: "Nous vous répondrons dès que possible", placeholder: "Écrivez un message…", send: "Envoyer", back: "Retour",
    close: "Fermer", attach: "Joindre un fichier", emoji: "Emoji", failed: "Échec de l'envoi. Réessayez.", seen: "Vu", typing: "écrit…",
    newConversation: "Nouvelle conversation", tooBig: "Ce fichier est trop volumineux.", badType: "Ce type de fichier ne peut pas être envoyé." },
  pt: { online: "Estamos online", away: "Responderemos assim que possível", placeholder: "Escreva uma mensagem…", send: "Enviar", back: "Voltar",
    close: "Fechar", attach: "Anexar um arquivo", emoji: "Emoji", failed: "Não foi possível enviar. Tente de novo.", seen: "Visto", typing: "está digitando…",
    newConversation: "Nova conversa", tooBig: "Este arquivo é grande demais.", badType: "Este tipo de arquivo não pode ser enviado." },
};
// pick returns the first of the languages given that the widget speaks, else English.
export function pick(...langs: string[]): string {
  for (const l of langs) { const k = (l || "").slice(0, 2).toLowerCase(); if (strings[k]) return k; }
  return "en";
}
