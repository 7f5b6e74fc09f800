// French texts of en-hourstpl.ts: templates of automatic replies after the customer's window.
import type { hoursTplTexts } from "./en-hourstpl";

export const frHoursTpl = {
  "hoursTpl.label": "Modèle une fois la fenêtre du client fermée",
  "hoursTpl.hint":
    "Sur ce canal, une réponse qui part après la fermeture de la fenêtre de 24 heures du client (un arriéré, une nouvelle tentative tardive) est envoyée comme le modèle choisi en dessous : modèles approuvés sans paramètres. Aucun : la réponse n'est pas envoyée et la conversation dit pourquoi.",
  "hoursTpl.none": "Aucun : ne pas envoyer",
  "hoursTpl.notSent": "{who} n'a pas envoyé : {reply}. La fenêtre du client était fermée et aucun modèle utilisable n'est choisi",
} satisfies Record<keyof typeof hoursTplTexts, string>;
