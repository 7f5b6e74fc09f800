package offline

import (
	"testing"

	"github.com/switchboardhq/switchboard"
)

// The kinds of message the analysers used to misread on never-tuned text (see accuracy_test.go),
// each in the five languages. The sentences are written for this test, not taken from a set.

type kindCase struct {
	lang, text string
	sentiment  switchboard.Sentiment
	urgency    switchboard.Urgency // "" when the case is about sentiment only
}

const (
	neg  = switchboard.SentimentNegative
	neu  = switchboard.SentimentNeutral
	pos  = switchboard.SentimentPositive
	high = switchboard.UrgencyHigh
	norm = switchboard.UrgencyNormal
	low  = switchboard.UrgencyLow
)

func checkKinds(t *testing.T, cases []kindCase) {
	t.Helper()
	for _, c := range cases {
		lang, _ := DetectLanguage(c.text)
		if lang != c.lang {
			t.Errorf("DetectLanguage(%q) = %q, want %s", c.text, lang, c.lang)
		}
		s, score := SentimentOf(c.text, c.lang)
		if s != c.sentiment {
			t.Errorf("SentimentOf(%q) = %s (%.2f), want %s", c.text, s, score, c.sentiment)
		}
		if c.urgency == "" {
			continue
		}
		if u := UrgencyOf(c.text, c.lang, s); u != c.urgency {
			t.Errorf("UrgencyOf(%q) = %s, want %s", c.text, u, c.urgency)
		}
	}
}

// Problems stated as plain facts, with no feeling word, are complaints; an outage is urgent.
func TestKindPlainFactComplaints(t *testing.T) {
	checkKinds(t, []kindCase{
		{"en", "Our booking page is down since 9am and clients cannot pay.", neg, high},
		{"en", "The mobile app won't open after the update.", neg, ""},
		{"en", "It's been two weeks and still no refund for order 5521.", neg, ""},
		{"en", "You charged me 49.90 instead of 39.90 for the renewal.", neg, ""},
		{"en", "The box arrived soaked and two glasses were missing.", neg, ""},
		{"en", "Replacement came today with the same defect as the first one.", neg, ""},
		{"it", "Il gestionale è fuori uso e il sito non si apre da stamattina.", neg, high},
		{"it", "L'app non si apre più dopo l'aggiornamento.", neg, ""},
		{"it", "Il pacco è arrivato tutto bagnato e la scatola strappata.", neg, ""},
		{"it", "Sto ancora aspettando il rimborso dell'ordine 8812.", neg, ""},
		{"es", "La tienda online no carga desde las 8 y nadie puede comprar.", neg, high},
		{"es", "Sigo esperando el reembolso del pedido 4410.", neg, ""},
		{"es", "Me cobraron 60 euros en lugar de 45.", neg, ""},
		{"es", "La caja llegó empapada y el libro rasgado.", neg, ""},
		{"fr", "L'application ne s'ouvre pas depuis la mise à jour.", neg, ""},
		{"fr", "J'attends toujours le remboursement de la commande 3391.", neg, ""},
		{"fr", "Le colis est arrivé trempé et le carton déchiré.", neg, ""},
		{"pt", "O site está fora do ar e os clientes não conseguem pagar.", neg, high},
		{"pt", "A caixa chegou molhada e o livro rasgado.", neg, ""},
		{"pt", "Cobraram 80 euros em vez de 50 na fatura.", neg, ""},
		{"en", "Thanks but that didn't fix it.", neg, ""},
		{"it", "La scatola era schiacciata e mancava il coperchio.", neg, ""},
		{"es", "El producto es bonito pero se rompió a los dos días.", neg, ""},
		{"pt", "O produto é bonito mas partiu-se ao fim de dois dias.", neg, ""},
		{"en", "order says delivered but I never got anything", neg, ""},
		{"it", "ho ricevuto solo 2 pezzi su 3", neg, ""},
		{"fr", "la machine fuit depuis hier", neg, ""},
		{"es", "el pedido figura como entregado pero no recibí nada", neg, ""},
		{"pt", "obrigado pela resposta mas nada foi resolvido", neg, ""},
		// One thing broken for one customer is no outage.
		{"fr", "Le code promo ne fonctionne pas.", neg, norm},
	})
}

// A courtesy thanks in a sign-off, beside a question or after a complaint weighs nothing; after
// "but" the rest of the message decides; ironic thanks is negative.
func TestKindCourtesyThanks(t *testing.T) {
	checkKinds(t, []kindCase{
		{"en", "Could you tell me if the jacket comes in XL? Thanks, Mark", neu, norm},
		{"en", "I would like to change the delivery address of my order to my office. Thanks, Anna", neu, norm},
		{"en", "Thanks for the reply, but the printer still doesn't print.", neg, ""},
		{"en", "Thanks for nothing, the parcel is lost again.", neg, ""},
		{"en", "Thank you so much for the help!", pos, low},
		{"it", "Vorrei sapere se fate spedizioni in Svizzera? Grazie, Luca", neu, norm},
		{"it", "Grazie per la risposta, ma il problema non è risolto.", neg, ""},
		{"it", "Grazie per niente, il pacco è ancora fermo.", neg, ""},
		{"es", "¿Pueden decirme cuándo vuelve a estar disponible la talla M? Gracias, Ana", neu, norm},
		{"es", "Gracias por responder, pero la factura sigue mal.", neg, ""},
		{"fr", "Pouvez-vous m'indiquer les horaires du magasin ? Merci, Paul", neu, norm},
		{"fr", "Merci pour la réponse, mais le colis n'est toujours pas arrivé.", neg, ""},
		{"pt", "Podem dizer-me quando chega a encomenda? Obrigado, Rui", neu, norm},
		{"pt", "Obrigada pela resposta, mas o problema continua.", neg, ""},
		{"it", "Vorrei annullare l'ordine 5512. Grazie e buona giornata, Marta", neu, norm},
		{"it", "Ricevuto, grazie!", pos, low},
		{"fr", "Bien reçu, merci !", pos, low},
	})
}

// A quick question is not praise; praise before a complaint gives way to it; "pas terrible" is
// not great.
func TestKindMixedAndIdiom(t *testing.T) {
	checkKinds(t, []kindCase{
		{"en", "Quick question: do you ship to Canada?", neu, norm},
		{"en", "The app works great overall, but the sync keeps crashing.", neg, ""},
		{"it", "Domanda veloce: fate fattura elettronica?", neu, norm},
		{"it", "Il servizio è ottimo, ma il pacco è arrivato rotto.", neg, ""},
		{"es", "Pregunta rápida: ¿hacen envíos a Canarias?", neu, norm},
		{"es", "El producto está bien, pero la entrega fue un desastre total y llegó roto.", neg, ""},
		{"fr", "La qualité est pas terrible pour ce prix.", neg, ""},
		{"fr", "Le site est joli, mais le paiement échoue à chaque fois.", neg, ""},
		{"pt", "Pergunta rápida: fazem entregas na Madeira?", neu, norm},
		{"pt", "O produto é bom, mas chegou partido.", neg, ""},
	})
}

// Deadlines and repeated follow-ups are urgent without an urgency word; FYIs and out-of-office
// notices are not.
func TestKindUrgency(t *testing.T) {
	checkKinds(t, []kindCase{
		{"en", "Please send the signed contract by Friday noon.", neu, high},
		{"en", "I need the invoice before 5pm today for the audit.", neu, high},
		{"en", "Following up again on my refund, it has been 10 days.", neg, high},
		{"en", "Just a heads up: we moved our office, no need to reply.", neu, low},
		{"en", "I am out of office until Monday with limited access to email.", neu, low},
		{"it", "Mi serve la fattura entro venerdì.", neu, high},
		{"it", "Sono fuori ufficio fino a lunedì.", neu, low},
		{"it", "Vi scrivo per il terzo messaggio sul rimborso, da 10 giorni nessuna notizia.", neg, high},
		{"es", "Necesito el presupuesto antes del viernes.", neu, high},
		{"es", "Estaré fuera de la oficina hasta el lunes.", neu, low},
		{"es", "Solo para avisar que cambiamos de dirección, no hace falta responder.", neu, low},
		{"fr", "Il me faut le devis avant vendredi.", neu, high},
		{"fr", "Je suis absent du bureau jusqu'au 12 mai.", neu, low},
		{"pt", "Preciso do orçamento até sexta.", neu, high},
		{"pt", "Estou fora do escritório até segunda-feira.", neu, low},
	})
}

// Stretched and inflected thanks are thanks; short slang lines get a language.
func TestKindPraiseAndSlang(t *testing.T) {
	checkKinds(t, []kindCase{
		{"en", "thanksss, you guys rock", pos, low},
		{"en", "ty!! u guys rock", pos, low},
		{"it", "grazieee, tutto perfetto", pos, low},
		{"it", "Volevo ringraziarla per la disponibilità.", pos, low},
		{"es", "Quería agradecerles la atención de ayer.", pos, low},
		{"es", "que rapidez, genial", pos, low},
		{"fr", "merciii c'est parfait", pos, low},
		{"pt", "Gostei muito do atendimento.", pos, low},
		{"pt", "valeu demais", pos, low},
	})
}
