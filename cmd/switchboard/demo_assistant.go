package main

import (
	"fmt"
	"slices"
)

// The demo's AI assistance: the built-in offline provider with analysis and the copilot on, and
// translation through Apertium when it is installed on the machine (else translation stays off).
// A new demo workspace is given what makes them visible: a history of answered, labelled and
// resolved SMS conversations in English, Spanish and Italian (the label model learns from it, and
// "Suggest a reply" retrieves its answers) and a few canned responses. Customers who write in
// Spanish and Italian are among the personas (see demo.go).

// demoTrainDelay is the demo's SWITCHBOARD_TRAIN_DELAY unless set: the label model learns the
// seeded history within seconds rather than a minute.
const demoTrainDelay = "5s"

// demoLabels are the labels of the seeded history.
var demoLabels = []string{"shipping", "returns", "product"}

// demoPast is a seeded conversation: what the customer wrote, the team's answer, its label.
type demoPast struct {
	number, label, answer string
	lines                 []string
}

// demoHistory holds four conversations per label (the label model suggests a label only once it
// has seen it on three, see assistant/offline/labels.go), in the personas' languages.
var demoHistory = []demoPast{
	{number: "+447700900101", label: "shipping", lines: []string{"Hi, my order #3318 was supposed to arrive yesterday but the tracking hasn't moved since Monday."},
		answer: "Sorry about the wait! The courier had a backlog: your parcel left the depot this morning and arrives tomorrow."},
	{number: "+34600000102", label: "shipping", lines: []string{"Hola, ¿cuándo llega mi pedido? Lo hice hace una semana y el seguimiento no cambia."},
		answer: "¡Hola! Tu pedido salió ayer del almacén; el envío tarda 2–3 días laborables, te llegará el jueves."},
	{number: "+393400000103", label: "shipping", lines: []string{"Ciao, la spedizione del mio ordine è in ritardo, il corriere non è ancora passato."},
		answer: "Ciao! Il corriere ha avuto un ritardo: il pacco è in consegna domani entro le 18."},
	{number: "+447700900104", label: "shipping", lines: []string{"How long does delivery to Manchester take?", "I need the boots before the weekend."},
		answer: "Standard delivery takes 2–3 working days; order before 14:00 for express delivery the next day."},
	{number: "+447700900105", label: "returns", lines: []string{"The sneakers are too small, can I return them for a refund?"},
		answer: "Of course! Returns are free within 30 days: print the label from your order page and drop the parcel at any post office. The refund reaches your card 5–7 days after we receive it."},
	{number: "+34600000106", label: "returns", lines: []string{"Me quedan grandes las zapatillas: ¿puedo devolverlas o hacer un cambio de talla? ¿Cómo pido el reembolso?"},
		answer: "¡Claro! La devolución y el cambio son gratuitos durante 30 días: imprime la etiqueta desde tu pedido; el reembolso llega a tu tarjeta en 5–7 días."},
	{number: "+393400000107", label: "returns", lines: []string{"Vorrei fare un reso, le scarpe sono troppo strette. Come funziona il rimborso?"},
		answer: "Certo! Il reso è gratuito entro 30 giorni: stampa l'etichetta dalla pagina dell'ordine; il rimborso arriva sulla carta in 5–7 giorni."},
	{number: "+447700900108", label: "returns", lines: []string{"My refund hasn't arrived yet, I sent the return two weeks ago."},
		answer: "We received your return on the 3rd and the refund went out today; banks take 3–5 working days to show it."},
	{number: "+447700900109", label: "product", lines: []string{"Do the trail runners come in size 46? Are they waterproof?"},
		answer: "Yes: sizes 38 to 47, with a waterproof membrane."},
	{number: "+34600000110", label: "product", lines: []string{"¿Las botas de montaña son impermeables? ¿Qué tallas tenéis?"},
		answer: "Sí, son impermeables, y las tenemos de la 36 a la 46."},
	{number: "+393400000111", label: "product", lines: []string{"Le sneakers grigie sono disponibili in taglia 42? Che materiale è?"},
		answer: "Sì, la 42 è disponibile: tomaia in pelle scamosciata e suola in gomma."},
	{number: "+447700900112", label: "product", lines: []string{"Is the hiking boot available in brown? What's the price?"},
		answer: "Yes, in brown and in black, € 149."},
}

// demoCanned are the canned responses a demo workspace without any is given.
var demoCanned = []struct{ shortcut, title, content string }{
	{"delivery", "Delivery times", "Standard delivery takes 2–3 working days; order before 14:00 for express delivery the next day."},
	{"returns", "Free returns", "Returns are free within 30 days: print the label from your order page and drop the parcel at any post office. The refund reaches your card 5–7 days after we receive it."},
	{"hours", "Opening hours", "Our shop is open Monday to Saturday 10:00–19:00 and Sunday 11:00–17:00."},
	{"thanks", "Thanks", "Thank you for writing to us! Is there anything else I can help with?"},
}

// setUpAssistant turns the assistant on and seeds its history in a new demo workspace (one
// without the demo's labels), and gives a workspace without canned responses the demo's.
func (d *demo) setUpAssistant() error {
	var labels struct{ Items []struct{ Name string } }
	if err := d.call("GET", "/api/v1/labels", nil, &labels); err != nil {
		return err
	}
	seeded := slices.ContainsFunc(labels.Items, func(l struct{ Name string }) bool { return slices.Contains(demoLabels, l.Name) })
	if !seeded {
		if err := d.seedAssistant(); err != nil {
			return fmt.Errorf("demo assistant: %w", err)
		}
	}
	var canned struct{ Items []any }
	if err := d.call("GET", "/api/v1/canned-responses", nil, &canned); err != nil {
		return err
	}
	if len(canned.Items) == 0 {
		for _, c := range demoCanned {
			if err := d.call("POST", "/api/v1/canned-responses", map[string]string{"shortcut": c.shortcut, "title": c.title, "content": c.content}, nil); err != nil {
				return err
			}
		}
	}
	return nil
}

// seedAssistant turns analysis and the copilot on (translation too, with Apertium, when it is
// installed), then writes the history: the customers write by SMS, the team answers, labels and
// resolves. Analysis is on first, so that the labels queue the label model's training.
func (d *demo) seedAssistant() error {
	var settings struct {
		ApertiumPairs []string `json:"apertium_pairs"`
	}
	if err := d.call("GET", "/api/v1/assistant", nil, &settings); err != nil {
		return err
	}
	patch := map[string]any{"provider": "offline", "analysis": true, "copilot": true}
	if len(settings.ApertiumPairs) > 0 {
		patch["translation"], patch["translation_engine"] = true, "apertium"
	}
	if err := d.call("PATCH", "/api/v1/assistant", patch, nil); err != nil {
		return err
	}
	for _, name := range demoLabels {
		if err := d.call("POST", "/api/v1/labels", map[string]string{"name": name}, nil); err != nil {
			return err
		}
	}
	for _, p := range demoHistory {
		for _, line := range p.lines {
			if code, body, err := d.tw.Post(d.twURL, d.tw.Incoming(p.number, d.twFrom, line)); err != nil {
				return err
			} else if code/100 != 2 {
				return fmt.Errorf("SMS webhook: %d %s", code, body)
			}
		}
	}
	var list struct {
		Items []struct {
			ID     int64  `json:"id"`
			Handle string `json:"contact_handle"`
		}
	}
	if err := d.call("GET", "/api/v1/conversations?view=all&limit=100", nil, &list); err != nil {
		return err
	}
	ids := map[string]int64{}
	for _, c := range list.Items {
		ids[c.Handle] = c.ID
	}
	for _, p := range demoHistory {
		if ids[p.number] == 0 {
			return fmt.Errorf("the seeded conversation of %s is not in the list", p.number)
		}
		conv := fmt.Sprintf("/api/v1/conversations/%d", ids[p.number])
		if err := d.call("POST", conv+"/messages", map[string]string{"text": p.answer}, nil); err != nil {
			return err
		}
		if err := d.call("POST", conv+"/labels", map[string]any{"labels": []string{p.label}}, nil); err != nil {
			return err
		}
		if err := d.call("POST", conv+"/resolve", nil, nil); err != nil {
			return err
		}
	}
	return nil
}
