// Portuguese texts of en-hourstpl.ts: templates of automatic replies after the customer's window.
import type { hoursTplTexts } from "./en-hourstpl";

export const ptHoursTpl = {
  "hoursTpl.label": "Modelo quando a janela do cliente já fechou",
  "hoursTpl.hint":
    "Neste canal, uma resposta que sai depois de a janela de 24 horas do cliente ter fechado (mensagens em atraso, uma nova tentativa tardia) é enviada como o modelo escolhido por baixo dela: modelos aprovados sem parâmetros. Nenhum: a resposta não é enviada e a conversa diz porquê.",
  "hoursTpl.none": "Nenhum: não enviar",
  "hoursTpl.notSent": "{who} não enviou: {reply}. A janela do cliente tinha fechado e não há nenhum modelo utilizável escolhido",
} satisfies Record<keyof typeof hoursTplTexts, string>;
