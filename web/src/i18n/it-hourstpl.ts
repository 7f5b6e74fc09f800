// Italian texts of en-hourstpl.ts: templates of automatic replies after the customer's window.
import type { hoursTplTexts } from "./en-hourstpl";

export const itHoursTpl = {
  "hoursTpl.label": "Modello quando la finestra del cliente è chiusa",
  "hoursTpl.hint":
    "Su questo canale, una risposta che parte dopo la chiusura della finestra di 24 ore del cliente (un arretrato, un nuovo tentativo tardivo) viene inviata come il modello scelto sotto di essa: modelli approvati senza parametri. Nessuno: la risposta non viene inviata e la conversazione dice perché.",
  "hoursTpl.none": "Nessuno: non inviare",
  "hoursTpl.notSent": "{who} non ha inviato: {reply}. La finestra del cliente era chiusa e non è scelto alcun modello utilizzabile",
} satisfies Record<keyof typeof hoursTplTexts, string>;
