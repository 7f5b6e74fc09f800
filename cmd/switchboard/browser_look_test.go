//go:build ui

package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestBrowserLook checks the interface's look: every channel kind that can be connected has its mark; contacts have
// avatars with initials on a colour that is theirs (the same after a reload, another for another
// contact, initials when the picture fails to load); disabled buttons look disabled in the dark
// theme; and the header's, tabs', filters' and composer's labels fit, unwrapped and uncut, in the
// five languages at 1440, 1024, 768 and 390 px.
func TestBrowserLook(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	b := session(t, a.base)
	b.firstRun(a, nil)

	// An inbox of each kind that can be connected, with the settings each needs to be created
	// (none connects anywhere). Kinds with no connector yet are not offered, so their marks show
	// nowhere until they are.
	kinds := []struct {
		kind     string
		settings obj
	}{
		{"whatsapp", obj{"phone_number_id": "123456", "business_account_id": "654321"}},
		{"sms", obj{"account_sid": "AC0123456789abcdef0123456789abcdef", "from": "+15550001111"}},
		{"email", obj{"address": "support@shop.example", "imap_host": "imap.shop.invalid", "smtp_host": "smtp.shop.invalid"}},
		{"messenger", obj{"page_id": "1234567890"}},
		{"instagram", obj{"account_id": "17841400000000000"}},
		{"api", obj{}},
	}
	var api obj
	for _, k := range kinds {
		var in obj
		a.do("POST", "/api/v1/inboxes", obj{"kind": k.kind, "name": "Shop " + k.kind, "settings": k.settings}, 201, &in)
		if k.kind == "api" {
			api = in
		}
	}
	messages := fmt.Sprintf("/api/v1/inboxes/%v/messages", api["id"])
	var giulia, marc, pic struct{ Conversation obj }
	a.do("POST", messages, obj{"from": "c-1", "contact_name": "Giulia Bianchi", "provider_id": "m-1", "text": "Il mio ordine è in ritardo?"}, 201, &giulia)
	a.do("POST", messages, obj{"from": "c-2", "contact_name": "Marc Dupont", "provider_id": "m-2", "text": "Bonjour, où est mon colis ?"}, 201, &marc)
	a.do("POST", messages, obj{"from": "c-3", "contact_name": "Pia Picture", "provider_id": "m-3", "text": "My photo is broken"}, 201, &pic)
	// A picture that cannot load: the avatar falls back to the initials.
	a.do("PATCH", fmt.Sprintf("/api/v1/contacts/%v", pic.Conversation["contact_id"]), obj{"avatar_url": a.base + "/no-such-picture.png"}, 200, nil)

	// Every kind shows its own mark, named for screen readers, in Settings › Inboxes.
	b.open("/settings/inboxes")
	for _, k := range kinds {
		b.wait(k.kind+"'s mark", fmt.Sprintf(`(e => !!e && e.getAttribute("role") === "img" && !!e.getAttribute("aria-label") && !!e.querySelector("svg path[d]"))(document.querySelector(".channel-%s"))`, k.kind))
	}
	if n := eval[int](b, `new Set([...document.querySelectorAll(".settings-body .channel path")].map(p => p.getAttribute("d"))).size`); n != len(kinds) {
		t.Errorf("%d different channel marks, want %d", n, len(kinds))
	}

	// Avatars: the initials on a colour of the contact's own, the same after a reload.
	rowAvatar := func(c struct{ Conversation obj }) string {
		return fmt.Sprintf(`document.querySelector('.row[data-conversation="%v"] .avatar')`, c.Conversation["id"])
	}
	colour := func(el string) string {
		return eval[string](b, fmt.Sprintf(`(e => getComputedStyle(e).backgroundColor + " " + getComputedStyle(e).color)(%s)`, el))
	}
	b.open("/inbox?view=unassigned")
	b.waitText(".row .avatar", "GB")
	b.waitText(".row .avatar", "MD")
	b.wait("Pia's initials, as her picture does not load", rowAvatar(pic)+`?.textContent === "PP"`)
	b.wait("the channel's mark on the avatar", `!!document.querySelector(".row .avatar-wrap > .channel-api")`)
	g, m := colour(rowAvatar(giulia)), colour(rowAvatar(marc))
	if g == m {
		t.Errorf("Giulia's and Marc's avatars have the same colours: %s", g)
	}
	b.shot("avatars")
	b.open("/inbox?view=unassigned")
	b.waitText(".row .avatar", "GB")
	if again := colour(rowAvatar(giulia)); again != g {
		t.Errorf("Giulia's avatar changed colour on reload: %s, then %s", g, again)
	}
	// The thread's header and the contact panel show her with the same colour.
	b.open(fmt.Sprintf("/inbox/%v?view=unassigned", giulia.Conversation["id"]))
	b.waitText(".thread-title .avatar", "GB")
	b.waitText(".contact-card .avatar", "GB")
	if h, p := colour(`document.querySelector(".thread-title .avatar")`), colour(`document.querySelector(".contact-card .avatar")`); h != g || p != g {
		t.Errorf("Giulia's avatar: %s in the list, %s in the header, %s in the contact panel", g, h, p)
	}
	b.audit("avatars and marks, light")

	// Dark: a disabled button does not look like an enabled one (Send and Send later are disabled
	// while the reply is empty; the attach button is enabled).
	eval[bool](b, `(localStorage.setItem("switchboard.theme", "dark"), true)`)
	b.open(fmt.Sprintf("/inbox/%v?view=unassigned", giulia.Conversation["id"]))
	b.wait("the dark theme", `document.documentElement.dataset.theme === "dark"`)
	b.wait("Send and Send later disabled", `document.querySelector(".composer-bar button.primary")?.disabled === true && document.querySelector(".composer-bar > button.ghost:not([aria-label])")?.disabled === true`)
	look := func(el string) []string {
		return strings.Split(eval[string](b, fmt.Sprintf(`(e => { const s = getComputedStyle(e); return [s.backgroundColor, s.color, s.opacity].join("|") })(%s)`, el)), "|")
	}
	// differ is the contrast ratio between two CSS colours (as computed: rgb or rgba), from 1 (the same).
	differ := func(x, y string) float64 {
		return eval[float64](b, fmt.Sprintf(`(() => {
			const lum = c => { const [r, g, bl] = c.match(/[\d.]+/g).slice(0, 3).map(v => { v /= 255; return v <= 0.03928 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4 }); return 0.2126 * r + 0.7152 * g + 0.0722 * bl };
			const [p, q] = [lum(%s), lum(%s)].sort((m, n) => n - m);
			return (p + 0.05) / (q + 0.05);
		})()`, js(x), js(y)))
	}
	sendOff := look(`document.querySelector(".composer-bar button.primary")`)
	laterOff := look(`document.querySelector(".composer-bar > button.ghost:not([aria-label])")`)
	attach := look(`[...document.querySelectorAll(".composer button.ghost")].find(e => !e.disabled)`)
	b.audit("the composer, dark")
	b.shot("disabled-dark")
	b.typeIn(".composer textarea", "Ciao")
	b.wait("Send enabled", `document.querySelector(".composer-bar button.primary")?.disabled === false`)
	sendOn := look(`document.querySelector(".composer-bar button.primary")`)
	laterOn := look(`document.querySelector(".composer-bar > button.ghost:not([aria-label])")`)
	if r := differ(sendOff[0], sendOn[0]); r < 2 {
		t.Errorf("dark: disabled Send's background %s is too close to the enabled one's %s (ratio %.2f)", sendOff[0], sendOn[0], r)
	}
	for _, on := range [][]string{attach, laterOn} {
		if r := differ(laterOff[1], on[1]); r < 2 {
			t.Errorf("dark: a disabled button's text %s is too close to an enabled one's %s (ratio %.2f)", laterOff[1], on[1], r)
		}
	}
	b.shot("enabled-dark")
	eval[bool](b, `(document.querySelector(".composer textarea").value = "", document.querySelector(".composer textarea").dispatchEvent(new Event("input", { bubbles: true })), true)`)

	// The labels fit: no tab, button or filter label in the list's head, the thread's header, the
	// composer or Settings' navigation and toolbar is cut or wrapped, and no row of them overflows
	// its pane. Labels hidden on purpose (icon-only buttons keep theirs for screen readers, 1 px
	// wide) and texts cut on purpose (the assignee, the hint) are not labels that must fit.
	const overflowing = `[...document.querySelectorAll(".list-head .tab, .list-head button, .list-head select, .thread-title > .status-badge, .filter, .thread-actions button, .thread-actions .btn-text, .composer button, .composer .tab, .rail-label, .list-head .tabs, .list-tools, .filter-bar, .thread-actions, .composer-bar, .settings-nav a, .toolbar button")]
		.filter(e => e.getClientRects().length && e.getBoundingClientRect().width > 2 && !e.closest(".menu, .assignee"))
		.filter(e => {
			const s = getComputedStyle(e);
			if (e.tagName === "SELECT") {
				// The chosen option's text against the room left of the arrow.
				const c = (window.__measure ??= document.createElement("canvas").getContext("2d"));
				c.font = s.font;
				return c.measureText(e.selectedOptions[0]?.textContent ?? "").width > e.clientWidth - parseFloat(s.paddingLeft) - 20;
			}
			const line = parseFloat(s.lineHeight) || parseFloat(s.fontSize) * 1.5;
			const inner = e.clientHeight - parseFloat(s.paddingTop) - parseFloat(s.paddingBottom);
			// Rows of controls may wrap (the list's tools do); a label may not.
			const wrapped = e.matches(".filter, .tabs, .list-tools, .filter-bar, .thread-actions, .composer-bar") ? false : inner > Math.max(line, 20) * 1.5;
			return e.scrollWidth > e.clientWidth + 1 || wrapped;
		})
		.map(e => e.className + " «" + e.textContent.trim() + "» " + e.scrollWidth + ">" + e.clientWidth + " h" + e.clientHeight)`
	page := fmt.Sprintf("/inbox/%v?view=unassigned", marc.Conversation["id"])
	for _, lang := range []string{"en", "it", "fr", "es", "pt"} {
		a.do("PATCH", "/api/v1/auth/me", obj{"language": lang}, 200, nil)
		for _, theme := range []string{"light", "dark"} {
			eval[bool](b, fmt.Sprintf(`(localStorage.setItem("switchboard.theme", %q), true)`, theme))
			for _, size := range []struct{ w, h int64 }{{1440, 900}, {1024, 768}, {768, 1024}, {390, 844}} {
				t.Run(fmt.Sprintf("%s %s %d", lang, theme, size.w), func(t *testing.T) {
					b.t = t
					b.viewport(size.w, size.h)
					{
						// The inbox with the filters open (on a phone the list is its own screen).
						b.open("/inbox?view=unassigned")
						b.wait("the page in "+lang, fmt.Sprintf(`document.documentElement.lang === %q && !!document.querySelector(".row")`, lang))
						b.click(".list-tools button[aria-expanded]", "")
						b.wait("the filters", `!!document.querySelector(".filter-bar")`)
						if bad := eval[[]string](b, overflowing); len(bad) > 0 {
							t.Errorf("labels that do not fit in the list: %s", strings.Join(bad, "; "))
						}
						b.shot("inbox")
						b.click(".list-tools button[aria-expanded]", "")
					}
					b.open(page)
					b.wait("the page in "+lang, fmt.Sprintf(`document.documentElement.lang === %q`, lang))
					b.waitText(".thread-title h2", "Marc")
					b.wait("the composer", `!!document.querySelector(".composer-bar button.primary")`)
					if bad := eval[[]string](b, overflowing); len(bad) > 0 {
						t.Errorf("labels that do not fit: %s", strings.Join(bad, "; "))
					}
					b.wait("the header in one row", `document.querySelector(".thread-head").getBoundingClientRect().height < 70`)
					b.shot("thread")
					if lang != "es" && lang != "pt" {
						b.open("/settings/inboxes")
						b.wait("the inboxes", fmt.Sprintf(`document.querySelectorAll(".settings-body .channel").length >= %d`, len(kinds)))
						if bad := eval[[]string](b, overflowing); len(bad) > 0 {
							t.Errorf("labels that do not fit in Settings: %s", strings.Join(bad, "; "))
						}
						b.shot("settings")
						b.open("/settings/profile")
						b.wait("the profile form", `!!document.querySelector(".settings-body form select")`)
						b.shot("profile")
					}
				})
			}
		}
	}
}
