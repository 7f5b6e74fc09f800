//go:build ui

package main

import (
	"strings"
	"testing"
)

// TestBrowserContactAttributes: an admin defines a list attribute and a date attribute in
// Settings › Contact attributes and moves one above the other; in the contact panel of a
// customer who texted, the edit form offers a select and a date picker for them, and the panel
// then shows their labels with the values (the date in the agent's language), before the raw
// undefined ones; the address book filters by the list's value.
func TestBrowserContactAttributes(t *testing.T) {
	a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_ALLOW_PRIVATE_HOSTS": "127.0.0.1",
		"SWITCHBOARD_DATA_DIR": t.TempDir(), "SWITCHBOARD_DATABASE_URL": engineURL(t, "sqlite")})
	emu := twilioEmulator(t)
	ada := session(t, a.base)
	ada.firstRun(a, nil)
	const number, ana = "+15550001111", "+15550004444"
	hook := twilioInbox(a, emu, "sms", number)
	if status, _, err := emu.Post(hook, emu.Incoming(ana, number, "Can I upgrade?")); err != nil || status != 200 {
		t.Fatalf("webhook answered %d, %v", status, err)
	}
	a.do("POST", "/api/v1/contacts", obj{"name": "Other Person", "email": "other@example.com", "attributes": obj{"plan": "free"}}, 201, nil)

	ada.viewport(1440, 900)
	ada.open("/settings/contact-attributes")
	ada.waitText("h1", "Contact attributes")
	ada.waitText(".empty", "No attributes defined yet.")
	settingsOpen(ada, ".toolbar button", "New attribute")
	ada.typeIn(`.modal input[name="label"]`, "Plan")
	settingsChoose(ada, `.modal select[name="type"]`, "list")
	settingsChoose(ada, `.modal textarea[name="options"]`, "free\npro\nenterprise")
	ada.shot("attrs-form")
	ada.click(".modal button", "Create attribute")
	ada.gone(".modal", "")
	ada.waitText(`[data-testid="attr-plan"]`, "free, pro, enterprise")
	settingsOpen(ada, ".toolbar button", "New attribute")
	ada.typeIn(`.modal input[name="label"]`, "Renewal date")
	if key := eval[string](ada, `document.querySelector('.modal input[name="key"]').value`); key != "renewal_date" {
		t.Errorf("key from the label = %q", key)
	}
	settingsChoose(ada, `.modal select[name="type"]`, "date")
	ada.click(".modal button", "Create attribute")
	ada.gone(".modal", "")
	ada.waitText(`[data-testid="attr-renewal_date"]`, "Date")
	ada.click(`button[aria-label="Move Renewal date up"]`, "")
	ada.wait("the new order", `[...document.querySelectorAll('tr[data-testid]')].map(r => r.dataset.testid).join() === "attr-renewal_date,attr-plan"`)
	ada.shot("attrs-settings")
	var defs struct{ Items []obj }
	a.do("GET", "/api/v1/contact-attributes", nil, 200, &defs)
	if len(defs.Items) != 2 || defs.Items[0]["key"] != "renewal_date" {
		t.Errorf("definitions = %v", defs.Items)
	}

	ada.open("/inbox?view=all")
	ada.click(".row", "+1 555 000 4444") // the number as the list writes it
	ada.waitText(".bubble.in", "Can I upgrade?")
	ada.click(".contact-pane .contact-card button", "Edit")
	ada.wait("the typed inputs", `!!document.querySelector('.contact-form select[name="attr-plan"]') && !!document.querySelector('.contact-form input[type="date"][name="attr-renewal_date"]')`)
	settingsChoose(ada, `.contact-form select[name="attr-plan"]`, "pro")
	settingsChoose(ada, `.contact-form input[name="attr-renewal_date"]`, "2027-01-31")
	ada.click(".contact-form .attributes button", "Add a field")
	settingsChoose(ada, `.contact-form .attribute input[aria-label="Field"]`, "source")
	settingsChoose(ada, `.contact-form .attribute input[aria-label="Value"]`, "fair")
	ada.shot("attrs-edit")
	ada.click(".contact-form button.primary", "Save")
	ada.waitText(`.contact-details dd[data-attr="plan"]`, "pro")
	ada.waitText(`.contact-details dd[data-attr="renewal_date"]`, "Jan 31, 2027")
	ada.waitText(`.contact-details dd[data-attr="source"]`, "fair")
	order := eval[string](ada, `[...document.querySelectorAll('.contact-details dd[data-attr]')].map(d => d.dataset.attr).join()`)
	if order != "renewal_date,plan,source" {
		t.Errorf("panel order = %q", order)
	}
	if dts := eval[string](ada, `document.querySelector('.contact-details').innerText`); !strings.Contains(dts, "Renewal date") || !strings.Contains(dts, "Plan") {
		t.Errorf("panel = %q", dts)
	}
	ada.shot("attrs-panel")
	eval[bool](ada, `(localStorage.setItem("switchboard.theme", "dark"), true)`)
	ada.open("/inbox?view=all")
	ada.wait("the dark theme", `document.documentElement.dataset.theme === "dark"`)
	ada.click(".row", "+1 555 000 4444") // the number as the list writes it
	ada.waitText(`.contact-details dd[data-attr="plan"]`, "pro")
	ada.shot("attrs-panel-dark")

	// The address book, filtered by the attribute: in the URL, and Ana only.
	ada.viewport(1024, 768)
	ada.open("/contacts")
	ada.waitText(".book-row-name", "Other Person")
	settingsChoose(ada, `.book-filters select[aria-label="Attribute"]`, "plan")
	settingsChoose(ada, `.book-filters select[aria-label="Attribute value"]`, "pro")
	ada.gone(".book-row-name", "Other Person")
	ada.wait("one row", `document.querySelectorAll('.book-row-name').length === 1`)
	if url := eval[string](ada, "location.search"); !strings.Contains(url, "attr=plan") || !strings.Contains(url, "attr_value=pro") {
		t.Errorf("the filter is not in the URL: %s", url)
	}
	ada.shot("attrs-book-dark-1024")
	settingsChoose(ada, `.book-filters select[aria-label="Attribute value"]`, "free")
	ada.waitText(".book-row-name", "Other Person")
	eval[bool](ada, `(localStorage.setItem("switchboard.theme", "light"), true)`)
	ada.viewport(390, 800)
	ada.open("/settings/contact-attributes")
	ada.waitText(`[data-testid="attr-plan"]`, "Plan")
	ada.shot("attrs-settings-phone")
	ada.open("/contacts?attr=plan&attr_value=free")
	ada.waitText(".book-row-name", "Other Person")
	ada.shot("attrs-book-phone")
}
