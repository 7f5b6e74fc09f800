//go:build ui

package main

import (
	"fmt"
	"testing"
)

// TestBrowserLanguages checks that the interface speaks the agent's language: an admin whose
// profile says Italian signs in through the login form, which is still in the browser's English,
// and finds the inbox and the settings in Italian; choosing French on the profile page then turns
// the interface French at once, without reloading the page.
func TestBrowserLanguages(t *testing.T) {
	url := engineURL(t, "sqlite")
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": url})

	a.do("POST", "/api/v1/setup", obj{"name": "Ada Admin", "email": "ada@example.com", "password": "a long password"}, 201, nil)
	var me obj
	a.do("PATCH", "/api/v1/auth/me", obj{"language": "it"}, 200, &me)
	if me["language"] != "it" {
		t.Fatalf("language after PATCH /auth/me: %v", me["language"])
	}

	// Nobody is signed in yet, so the login page follows the browser: English.
	ada := session(t, a.base)
	ada.open("/")
	ada.waitText("h1", "Sign in to Switchboard")
	ada.typeIn(`input[name="email"]`, "ada@example.com")
	ada.typeIn(`input[name="password"]`, "a long password")
	ada.click("button", "Sign in")

	// Signed in, the profile's language wins: the views and the navigation are Italian.
	for _, view := range []string{"Mie", "Non assegnate", "Menzioni", "Tutte"} {
		ada.waitText(".tabs .tab", view)
	}
	ada.waitText(".rail", "Opzioni")
	ada.waitText(".list-tools button", "Segna tutte come lette")
	if lang := eval[string](ada, "document.documentElement.lang"); lang != "it" {
		t.Errorf("<html lang> is %q, want it", lang)
	}
	ada.shot("inbox-it")

	ada.click(".rail a", "Opzioni")
	ada.waitText(".settings-nav h2", "Opzioni")
	for _, section := range []string{"Il tuo profilo", "Agenti", "Team", "Inbox", "Etichette", "Risposte predefinite", "Webhook", "Token API"} {
		ada.waitText(".settings-nav a", section)
	}
	ada.waitText(".settings-body h1", "Il tuo profilo")
	ada.shot("settings-it")

	// French, chosen in the profile form: the page changes language as soon as it is saved.
	eval[bool](ada, `(window.__sameDocument = true)`)
	ada.wait("the language select", `!!document.querySelector(".settings-body form select option[value='fr']")`)
	if !eval[bool](ada, fmt.Sprintf(`(() => {
		const el = [...document.querySelectorAll(".settings-body form select")].find(s => [...s.options].some(o => o.value === %s));
		el.value = %s;
		el.dispatchEvent(new Event("change", { bubbles: true }));
		return el.value === %s;
	})()`, js("fr"), js("fr"), js("fr"))) {
		t.Fatal("could not choose Français")
	}
	ada.click(".settings-body button.primary", "Salva")
	// The page turns French in place. Saving one's own profile also publishes agent.updated, which
	// ends the event stream with close code 4001 so it reopens with the account as it is now; the
	// app must reconnect, not send the agent to the sign-in page.
	ada.wait("a French page", `document.documentElement.lang === "fr" && [...document.querySelectorAll("h1")].some(h => h.textContent === "Votre profil")`)
	if !eval[bool](ada, `window.__sameDocument === true`) {
		t.Fatal("the page reloaded to change language")
	}
	// The stream's close follows the save within moments; give it two seconds to show.
	ada.wait("the page to settle", `!!document.querySelector('input[name="password"]') || Date.now() - (window.__frenchSince ??= Date.now()) > 2000`)
	if eval[bool](ada, `!!document.querySelector('input[name="password"]')`) {
		t.Fatal("saving the profile showed the sign-in page")
	}
	ada.waitText(".settings-body h1", "Votre profil")
	ada.waitText(".settings-nav a", "Réponses prédéfinies")
	ada.waitText(".rail", "Réglages")
	if !eval[bool](ada, `window.__sameDocument === true`) {
		t.Error("the page reloaded to change language")
	}
	ada.shot("settings-fr")

	// The inbox follows, still in the same page.
	ada.click(".rail a", "Réception")
	ada.waitText(".tabs .tab", "À\u00a0moi") // a no-break space keeps the tab on one line
	ada.waitText(".tabs .tab", "À attribuer")
	if !eval[bool](ada, `window.__sameDocument === true`) {
		t.Error("the page reloaded on the way back to the inbox")
	}
	ada.shot("inbox-fr")

	a.do("GET", "/api/v1/auth/me", nil, 200, &me)
	if me["language"] != "fr" {
		t.Errorf("language saved as %v, want fr", me["language"])
	}
}
