//go:build ui

package main

import (
	"fmt"
	"strings"
	"testing"
)

// TestBrowserAddressBook: an admin opens Contacts, searches and filters the list (the filter goes
// in the URL), creates a contact with a label and edits it, and imports a small CSV: the
// mapping is guessed from its header, the progress bar fills and the report counts the
// refused row. The export link carries the current filters.
func TestBrowserAddressBook(t *testing.T) {
	for _, e := range []string{"sqlite", "postgres"} {
		t.Run(e, func(t *testing.T) {
			a := start(t, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": t.TempDir(),
				"SWITCHBOARD_DATABASE_URL": engineURL(t, e)})
			ada := session(t, a.base)
			ada.firstRun(a, nil)
			a.do("POST", "/api/v1/labels", map[string]string{"name": "VIP"}, 201, nil)
			a.do("POST", "/api/v1/contacts", map[string]any{"name": "Anna Verdi", "email": "anna@example.com"}, 201, nil)
			a.do("POST", "/api/v1/contacts", map[string]any{"name": "Bruno Neri", "phone": "+39 333 000 1111", "blocked": true}, 201, nil)

			ada.viewport(1440, 900)
			ada.open("/contacts")
			ada.waitText(".book-row-name", "Anna Verdi")
			ada.waitText(".book-row-name", "Bruno Neri")
			ada.shot("book-list")
			rows := func() string {
				return eval[string](ada, `[...document.querySelectorAll('.book-row-name')].map(e => e.textContent).join(",")`)
			}
			settingsChoose(ada, `.book-filters input[type="search"]`, "brun")
			ada.gone(".book-row-name", "Anna Verdi")
			ada.waitText(".book-row-name", "Bruno Neri")
			if got := rows(); got != "Bruno Neri" {
				t.Errorf("search brun lists %q", got)
			}
			settingsChoose(ada, `.book-filters input[type="search"]`, "")
			ada.waitText(".book-row-name", "Anna Verdi")
			settingsChoose(ada, `.book-filters select[aria-label="Blocked"]`, "false")
			ada.gone(".book-row-name", "Bruno Neri")
			if url := eval[string](ada, "location.search"); !strings.Contains(url, "blocked=false") {
				t.Errorf("the filter is not in the URL: %s", url)
			}
			if href := eval[string](ada, `document.querySelector('[data-testid="book-export"]').getAttribute('href')`); !strings.Contains(href, "blocked=false") {
				t.Errorf("export link %s", href)
			}

			// Create, then edit.
			ada.click(".book-actions button.primary", "New contact")
			settingsChoose(ada, `.book-form input[name="name"]`, "Carla")
			settingsChoose(ada, `.book-form input[name="email"]`, "carla@example.com")
			settingsChoose(ada, `.book-form input[name="labels"]`, "VIP")
			ada.click(".book-form button.primary", "New contact")
			ada.waitText(".book-card h2", "Carla")
			ada.click(".book-card-head button", "Edit contact")
			settingsChoose(ada, `.book-form input[name="name"]`, "Carla Rossi")
			ada.click(".book-form button.primary", "Edit contact")
			ada.waitText(".book-row-name", "Carla Rossi")
			ada.waitText(".book-card .label-chip, .book-card-labels", "VIP")

			// Import: Dora is created, Eve's number has no country code.
			ada.click(".book-actions button", "Import CSV")
			csv := "Name,E-mail,Mobile\nDora Blu,dora@example.com,+39 333 123 4567\nEve,,333 000 111\n"
			ada.wait("the file field", `!!document.querySelector('.book-import input[type="file"]')`)
			eval[bool](ada, fmt.Sprintf(`(() => {
				const dt = new DataTransfer();
				dt.items.add(new File([%s], "people.csv", { type: "text/csv" }));
				const el = document.querySelector('.book-import input[type="file"]');
				el.files = dt.files;
				el.dispatchEvent(new Event("change", { bubbles: true }));
				return true;
			})()`, js(csv)))
			ada.wait("the mapping", `document.querySelector('select[data-column="E-mail"]')?.value === "email"`)
			ada.waitText(".book-preview td", "Dora Blu")
			ada.shot("book-import-mapping")
			ada.click(".book-import button.primary", "Import")
			ada.wait("the progress bar", `!!document.querySelector('[data-testid="book-progress"]')`)
			ada.waitText(`[data-testid="book-report"]`, "Created 1, updated 0, unchanged 0, refused 1")
			if v := eval[string](ada, `document.querySelector('[data-testid="book-progress"]').value + "/" + document.querySelector('[data-testid="book-progress"]').max`); v != "2/2" {
				t.Errorf("progress %s", v)
			}
			ada.shot("book-import-report")
			ada.click(".book-import button.primary", "Done")
			ada.gone(".modal", "")
			ada.viewport(390, 800)
			ada.waitText(".book-row-name", "Dora Blu")
			ada.shot("book-phone")
			var page struct{ Items []obj }
			a.do("GET", "/api/v1/contacts?q=dora", nil, 200, &page)
			if len(page.Items) != 1 || page.Items[0]["phone"] != "+393331234567" {
				t.Errorf("imported %v", page.Items)
			}
		})
	}
}
