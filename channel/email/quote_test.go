package email

import (
	"strings"
	"testing"

	"golang.org/x/net/html"
)

// TestQuoteStartHeads: the head each major client writes above the message it quotes, in each
// language, starts the fold; the reply above it stays.
func TestQuoteStartHeads(t *testing.T) {
	const reply = "Grazie, è perfetto 👍\nAna\n\n"
	heads := []struct{ name, head string }{
		{"gmail en", "On Tue, 3 Jun 2025 at 11:00, Support <support@shop.test> wrote:"},
		{"gmail en wrapped", "On Tue, 3 Jun 2025 at 11:00, The Support Team of the Shop <\nsupport@shop.test> wrote:"},
		{"apple en", "On 3 Jun 2025, at 11:00, Support <support@shop.test> wrote:"},
		{"gmail it", "Il giorno mar 3 giu 2025 alle ore 11:00 Support <support@shop.test> ha scritto:"},
		{"thunderbird it", "Il 03/06/25 11:00, Support ha scritto:"},
		{"gmail es", "El mar, 3 jun 2025 a las 11:00, Support (<support@shop.test>) escribió:"},
		{"apple es", "El 3 jun 2025, a las 11:00, Support <support@shop.test> escribió:"},
		{"gmail fr", "Le mar. 3 juin 2025 à 11:00, Support <support@shop.test> a écrit :"},
		{"apple fr, no-break space", "Le 3 juin 2025 à 11:00, Support <support@shop.test> a écrit\u00a0:"},
		{"fr, narrow no-break space", "Le 3 juin 2025 à 11:00, Support a écrit\u202f:"},
		{"gmail pt-BR", "Em ter., 3 de jun. de 2025 às 11:00, Support <support@shop.test> escreveu:"},
		{"gmail pt-PT", "Support <support@shop.test> escreveu no dia terça, 3/06/2025 à(s) 11:00:"},
		{"apple pt-PT", "No dia 3/06/2025, às 11:00, Support <support@shop.test> escreveu:"},
		{"gmail de", "Am Di., 3. Juni 2025 um 11:00 Uhr schrieb Support <support@shop.test>:"},
		{"thunderbird de", "Am 03.06.25 um 11:00 schrieb Support:"},
		{"de, name first", "Support <support@shop.test> schrieb am Di., 3. Juni 2025, 11:00:"},
		{"outlook en", "________________________________\nFrom: Support <support@shop.test>\nSent: Tuesday, June 3, 2025 11:00\nTo: Ana <ana@customer.test>\nSubject: Your order"},
		{"outlook mac en", "From: Support <support@shop.test>\nDate: Tuesday, 3 June 2025 at 11:00\nTo: Ana <ana@customer.test>"},
		{"outlook it", "________________________________\nDa: Support <support@shop.test>\nInviato: martedì 3 giugno 2025 11:00\nA: Ana <ana@customer.test>\nOggetto: Ordine"},
		{"outlook es", "________________________________\nDe: Support <support@shop.test>\nEnviado: martes, 3 de junio de 2025 11:00\nPara: Ana\nAsunto: Pedido"},
		{"outlook es, older", "De: Support [mailto:support@shop.test]\nEnviado el: martes, 3 de junio de 2025 11:00\nPara: Ana"},
		{"outlook fr", "________________________________\nDe : Support <support@shop.test>\nEnvoyé : mardi 3 juin 2025 11:00\nÀ : Ana\nObjet : Commande"},
		{"outlook pt", "________________________________\nDe: Support <support@shop.test>\nEnviado: terça-feira, 3 de junho de 2025 11:00\nPara: Ana\nAssunto: Encomenda"},
		{"outlook de", "________________________________\nVon: Support <support@shop.test>\nGesendet: Dienstag, 3. Juni 2025 11:00\nAn: Ana\nBetreff: Bestellung"},
		{"outlook as text by gmail", "*From:* Support <support@shop.test>\n*Sent:* Tuesday, June 3, 2025 11:00\n*To:* Ana"},
		{"original message en", "-----Original Message-----\nFrom: Support"},
		{"original message it", "-----Messaggio originale-----\nDa: Support"},
		{"original message es", "-----Mensaje original-----\nDe: Support"},
		{"original message fr", "-----Message d'origine-----\nDe : Support"},
		{"original message pt", "-----Mensagem original-----\nDe: Support"},
		{"original message de", "-----Ursprüngliche Nachricht-----\nVon: Support"},
		{"gmail forward en", "---------- Forwarded message ---------\nFrom: Support <support@shop.test>"},
		{"gmail forward it", "---------- Messaggio inoltrato ---------\nDa: Support <support@shop.test>"},
		{"gmail forward es", "---------- Mensaje reenviado ---------\nDe: Support <support@shop.test>"},
		{"gmail forward fr", "---------- Message transféré ---------\nDe : Support <support@shop.test>"},
		{"gmail forward pt", "---------- Mensagem encaminhada ---------\nDe: Support <support@shop.test>"},
		{"gmail forward de", "---------- Weitergeleitete Nachricht ---------\nVon: Support <support@shop.test>"},
		{"thunderbird forward en", "-------- Forwarded Message --------\nSubject: Your order"},
		{"apple forward en", "Begin forwarded message:\n\nFrom: Support <support@shop.test>"},
		{"apple forward it", "Inizio messaggio inoltrato:\n\nDa: Support"},
		{"apple forward es", "Inicio del mensaje reenviado:\n\nDe: Support"},
		{"apple forward fr", "Début du message réexpédié :\n\nDe: Support"},
		{"apple forward pt", "Início da mensagem reencaminhada:\n\nDe: Support"},
		{"apple forward de", "Anfang der weitergeleiteten Nachricht:\n\nVon: Support"},
		{"quoted lines", "> We are sorry."},
		{"signature", "-- \nAna Ferreira\nLisboa"},
	}
	for _, h := range heads {
		t.Run(h.name, func(t *testing.T) {
			text := reply + h.head + "\n\n> We are sorry.\n"
			if got := QuoteStart(text); got != len(reply) {
				t.Errorf("the fold starts at %q, want at %q", text[min(got, len(text)):], h.head)
			}
		})
	}

	for _, text := range []string{
		"On Monday I wrote to you about the order.\nIt has not come.",
		"From: Lisbon, with love\nAna",
		"Il pacco è arrivato rotto.\n--\nno space after the dashes is no delimiter",
		"On 3 Jun 2025 Support wrote:\n> We are sorry.\n\nThanks, it came.", // written under the quote: nothing to fold above it
	} {
		if got := QuoteStart(text); got != len(text) {
			t.Errorf("QuoteStart(%q) folds at %q", text, text[got:])
		}
	}
}

// TestFoldHTML: the quoted history of HTML mail, as each major client writes it, is marked to
// fold, and the reply above it is not.
func TestFoldHTML(t *testing.T) {
	tests := []struct {
		name, html   string
		shown, folds string // the text left showing, and how the folded text starts ("" for none)
	}{
		{"gmail en",
			`<div dir="ltr">Thanks, that works.</div><br><div class="gmail_quote gmail_quote_container"><div dir="ltr" class="gmail_attr">On Tue, 3 Jun 2025 at 11:00, Support &lt;<a href="mailto:support@shop.test">support@shop.test</a>&gt; wrote:<br></div><blockquote class="gmail_quote" style="margin:0px 0px 0px 0.8ex;border-left:1px solid rgb(204,204,204);padding-left:1ex">We are sorry.</blockquote></div>`,
			"Thanks, that works.", "On Tue, 3 Jun 2025 at 11:00, Support <support@shop.test> wrote:"},
		{"gmail it, signature first",
			`<div dir="ltr"><div>Va bene, grazie.</div><div><br></div><span class="gmail_signature_prefix">-- </span><br><div dir="ltr" class="gmail_signature">Ana Ferreira<br>Lisboa</div></div><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">Il giorno mar 3 giu 2025 alle ore 11:00 Support &lt;support@shop.test&gt; ha scritto:<br></div><blockquote class="gmail_quote">Ci scusiamo.</blockquote></div>`,
			"Va bene, grazie.", "--"},
		{"gmail es, forward",
			`<div dir="ltr">Os reenvío el pedido.<br><br><div class="gmail_quote"><div dir="ltr" class="gmail_attr">---------- Mensaje reenviado ---------<br>De: <strong class="gmail_sendername" dir="auto">Ana</strong> <span dir="auto">&lt;ana@customer.test&gt;</span><br>Date: mar, 3 jun 2025 a las 11:00<br>Subject: Pedido<br></div><br><div dir="ltr">Mi pedido 1234</div></div></div>`,
			"Os reenvío el pedido.", "---------- Mensaje reenviado ---------"},
		{"apple fr",
			`<html><head><meta http-equiv="content-type" content="text/html; charset=utf-8"></head><body dir="auto">Merci beaucoup&nbsp;!<br><div dir="ltr"><br><blockquote type="cite">Le 3 juin 2025 à 11:00, Support &lt;support@shop.test&gt; a écrit&nbsp;:<br><br></blockquote></div><blockquote type="cite"><div dir="ltr">Nous sommes désolés.</div></blockquote></body></html>`,
			"Merci beaucoup !", "Le 3 juin 2025 à 11:00, Support <support@shop.test> a écrit :"},
		{"apple de, forward",
			`<html><body dir="auto">Zur Info.<div><br><blockquote type="cite">Anfang der weitergeleiteten Nachricht:<br><br><div><b>Von: </b>Support</div></blockquote></div></body></html>`,
			"Zur Info.", "Anfang der weitergeleiteten Nachricht:"},
		{"thunderbird es",
			`<html><body><p>Perfecto, gracias.</p><div class="moz-cite-prefix">El 3/6/25 a las 11:00, Support escribió:<br></div><blockquote type="cite" cite="mid:x@shop.test">Lo sentimos.</blockquote></body></html>`,
			"Perfecto, gracias.", "El 3/6/25 a las 11:00, Support escribió:"},
		{"thunderbird de, forward",
			`<p>Zur Info.</p><div class="moz-forward-container"><br><br>-------- Weitergeleitete Nachricht --------<table class="moz-email-headers-table"><tr><th>Betreff:</th><td>Bestellung</td></tr></table></div>`,
			"Zur Info.", "-------- Weitergeleitete Nachricht --------"},
		{"thunderbird signature",
			`<p>Ok, grazie.</p><div class="moz-signature">-- <br>Ana</div>`,
			"Ok, grazie.", "--"},
		{"outlook desktop de",
			`<html xmlns:o="urn:schemas-microsoft-com:office:office"><head><style>p.MsoNormal{margin:0}</style></head><body lang="DE"><div class="WordSection1"><p class="MsoNormal">Danke, passt.<o:p></o:p></p><p class="MsoNormal"><o:p>&nbsp;</o:p></p><div><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>Von:</b> Support &lt;support@shop.test&gt; <br><b>Gesendet:</b> Dienstag, 3. Juni 2025 11:00<br><b>An:</b> Ana &lt;ana@customer.test&gt;<br><b>Betreff:</b> Ihre Bestellung<o:p></o:p></p></div></div><p class="MsoNormal"><o:p>&nbsp;</o:p></p><p class="MsoNormal">Es tut uns leid.<o:p></o:p></p></div></body></html>`,
			"Danke, passt.", "Von: Support <support@shop.test>\nGesendet:"},
		{"outlook desktop fr",
			`<div class="WordSection1"><p class="MsoNormal">Merci, c’est parfait.</p><div style="border:none;border-top:solid #E1E1E1 1.0pt;padding:3.0pt 0cm 0cm 0cm"><p class="MsoNormal"><b>De&nbsp;:</b> Support<br><b>Envoyé&nbsp;:</b> mardi 3 juin 2025 11:00<br><b>À&nbsp;:</b> Ana</p></div><p>Nous sommes désolés.</p></div>`,
			"Merci, c’est parfait.", "De : Support\nEnvoyé :"},
		{"outlook web pt",
			`<div dir="ltr">Obrigada, está ótimo.</div><div id="appendonsend"></div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><font face="Calibri, sans-serif" style="font-size:11pt" color="#000000"><b>De:</b> Support &lt;support@shop.test&gt;<br><b>Enviado:</b> terça-feira, 3 de junho de 2025 11:00<br><b>Para:</b> Ana<br><b>Assunto:</b> A sua encomenda</font><div>&nbsp;</div></div><div>Lamentamos.</div>`,
			"Obrigada, está ótimo.", "De: Support <support@shop.test>"},
		{"outlook web it, rule only",
			`<div>Grazie mille.</div><hr style="display:inline-block;width:98%" tabindex="-1"><div id="divRplyFwdMsg" dir="ltr"><b>Da:</b> Support<br><b>Inviato:</b> martedì 3 giugno 2025 11:00<br><b>A:</b> Ana<br><b>Oggetto:</b> Ordine</div><div>Ci scusiamo.</div>`,
			"Grazie mille.", "Da: Support\nInviato:"},
		{"outlook es, text only",
			`<p>Gracias.</p><p><b>De:</b> Support<br><b>Enviado:</b> martes, 3 de junio de 2025 11:00<br><b>Para:</b> Ana</p><p>Lo sentimos.</p>`,
			"Gracias.", "De: Support\nEnviado:"},
		{"yahoo en",
			`<div class="ydp3b0e"><div>Sure thing.</div></div><div id="yahoo_quoted_1234" class="yahoo_quoted"><div><div>On Tuesday, June 3, 2025 at 11:00:00 AM GMT+1, Support &lt;support@shop.test&gt; wrote:</div><div>We are sorry.</div></div></div>`,
			"Sure thing.", "On Tuesday, June 3, 2025"},
		{"webmail pt-BR, text head in a table layout",
			`<table><tr><td>Tudo certo.<br>Em ter., 3 de jun. de 2025 às 11:00, Support &lt;support@shop.test&gt; escreveu:<br><blockquote>Lamentamos.</blockquote></td><td>side</td></tr></table><p>footer</p>`,
			"Tudo certo.", "Em ter., 3 de jun. de 2025 às 11:00"},
		{"signature in a paragraph", `<p>Ok!</p><p>-- <br>Ana</p>`, "Ok!", "--"},
		{"no quote", `<p>Just a question about my order.</p><blockquote>a quotation of the customer's own</blockquote>`,
			"Just a question about my order.\na quotation of the customer's own", ""},
		{"written under the quote", `<div class="gmail_quote"><div class="gmail_attr">On Tue, 3 Jun 2025, Support wrote:</div><blockquote class="gmail_quote">We are sorry.</blockquote></div><div>Thanks, it came.</div>`,
			"On Tue, 3 Jun 2025, Support wrote:\nWe are sorry.\nThanks, it came.", ""},
		{"a NUL stays marked", "<p>a\x00b</p>", "a\uFFFDb", ""},
		{"a sender's own marker is not kept", `<p data-quoted="">Pay now</p><p data-quoted>or else</p>`, "Pay now\nor else", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			marked, text, at := foldHTML(tt.html)
			shown, folded := split(t, marked)
			if shown != tt.shown {
				t.Errorf("shows %q, want %q\n%s", shown, tt.shown, marked)
			}
			if !strings.HasPrefix(folded, tt.folds) || (tt.folds == "") != (folded == "") {
				t.Errorf("folds %q, want it to start with %q\n%s", folded, tt.folds, marked)
			}
			if tt.folds != "" && !strings.HasPrefix(text[at:], tt.folds) {
				t.Errorf("the text folds at %q of %q", text[at:], text)
			}
			if tt.folds == "" && at != len(text) {
				t.Errorf("the text folds at %d of %q", at, text)
			}
		})
	}
}

// split returns the text of marked HTML left showing and the text folded.
func split(t *testing.T, marked string) (shown, folded string) {
	t.Helper()
	doc, err := html.Parse(strings.NewReader(marked))
	if err != nil {
		t.Fatal(err)
	}
	var cut []*html.Node
	var quoted strings.Builder
	walkDOM(doc, func(n *html.Node) bool {
		for _, a := range n.Attr {
			if a.Key == QuotedAttr {
				cut = append(cut, n)
				var b strings.Builder
				if err := html.Render(&b, n); err != nil {
					t.Fatal(err)
				}
				quoted.WriteString(b.String())
				return false
			}
		}
		return true
	}, func(*html.Node) {})
	for _, n := range cut {
		n.Parent.RemoveChild(n)
	}
	return textOf(doc).String(), TextOfHTML(quoted.String())
}

func TestTextOfHTML(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{`<h1>Sale</h1><p>50% off&nbsp;today</p>`, "Sale\n50% off today"},
		{`<table><tr><td>Name</td><td>Ana</td></tr><tr><th>Order</th><td>1234</td></tr></table>`, "Name Ana\nOrder 1234"},
		{`<header>Brand</header><p>Hello<br><br>there</p>`, "Brand\nHello\n\nthere"},
		{`<p>a <b>bold</b> word</p><script>alert(1)</script><style>p{}</style>`, "a bold word"},
		{`<pre>  two  spaces
kept</pre>`, "  two  spaces\nkept"},
		{`<p>Ok</p><p>--<br>Ana</p>`, "Ok\n-- \nAna"},
		{"<p>deep</p>" + strings.Repeat("<div>", 600) + "<style>x</style>still read", "deep still read"},
	} {
		if got := TextOfHTML(tt.in); got != tt.want {
			t.Errorf("TextOfHTML(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func FuzzFoldHTML(f *testing.F) {
	for _, s := range []string{`<p>a</p><div class="gmail_quote">On x wrote:<blockquote>q</blockquote></div>`,
		`x<hr><div id="divRplyFwdMsg"><b>From:</b> a<br><b>Sent:</b> b</div>`, `<table><tr><td>a<br>-- <br>b`, `<pre>> q</pre>`} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, in string) {
		_, text, at := foldHTML(in)
		if at < 0 || at > len(text) {
			t.Fatalf("fold at %d of %d", at, len(text))
		}
	})
}
