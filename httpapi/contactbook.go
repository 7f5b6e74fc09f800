package httpapi

import (
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/switchboardhq/switchboard"
)

// addressBookQuery are the filters of the address book, shared by its list and its export.
var addressBookQuery = []Param{
	{Name: "q", Type: "string", Description: "Only contacts whose name, email or phone has these words (the last a prefix), or with this address (a handle) exactly."},
	{Name: "channel", Type: "string", Description: "Only contacts with an address of this kind: phone, email, messenger, instagram, telegram, web, api."},
	{Name: "label", Type: "string", Description: "Only contacts with this label."},
	{Name: "blocked", Type: "boolean", Description: "Only blocked (true) or not blocked (false) contacts."},
	{Name: "seen_within_days", Type: "integer", Description: "Only contacts who wrote in the last N days."},
	{Name: "seen_before", Type: "string", Description: "Only contacts who last wrote before this time (RFC 3339)."},
	{Name: "attr", Type: "string", Description: "Only contacts with this custom attribute set (its key); with attr_value, set to that value."},
	{Name: "attr_value", Type: "string", Description: "With attr: the value, matched as text (text, list, date, link), as a number, or as true/false (checkbox)."},
	{Name: "sort", Type: "string", Description: "created (newest first, the default), name (A to Z) or last_seen (who wrote last first)."},
}

// contactBookRoutes export the address book as CSV and import contacts from CSV files.
func (s *Server) contactBookRoutes() []Route {
	return []Route{
		{Method: "GET", Path: "/api/v1/contacts/export.csv", OperationID: "exportContacts", Tag: "contacts",
			Summary: "Export contacts as CSV",
			Description: "Every contact of the filters (those of GET /api/v1/contacts), streamed: columns id, name, email, phone, " +
				"language, labels, identities, attributes (JSON), created_at, last_seen. " + seenContacts,
			Query: addressBookQuery, Produces: "text/csv", handler: s.exportContacts},
		{Method: "POST", Path: "/api/v1/contact-imports", OperationID: "uploadContactImport", Tag: "contacts", AdminOnly: true,
			Summary: "Upload a CSV of contacts to import",
			Description: "A multipart/form-data body with one part named file: a UTF-8 CSV whose first row names its columns " +
				"(at most 32 MiB, 100 columns, 64 KiB a line). The answer previews it: its columns and first rows. Nothing is " +
				"imported until it is started with a mapping.",
			Response: typeOf[switchboard.ContactImport](), Status: http.StatusCreated, handler: s.uploadContactImport,
			MaxBody: func(*Server) int64 { return switchboard.MaxContactImportBytes + 64<<10 }},
		{Method: "GET", Path: "/api/v1/contact-imports/{id}", OperationID: "getContactImport", Tag: "contacts", AdminOnly: true,
			Summary: "An import's preview, progress and counts", Response: typeOf[switchboard.ContactImport](), handler: s.getContactImport},
		{Method: "POST", Path: "/api/v1/contact-imports/{id}/start", OperationID: "startContactImport", Tag: "contacts", AdminOnly: true,
			Summary: "Start an import with a column mapping",
			Description: "Each column maps to name, email, phone, language, labels (separated by ; or |) or attribute.<key>; " +
				"unmapped columns are skipped. Contacts are matched by email, then phone: a match is updated only where the row " +
				"differs, so importing the same file again changes nothing. Phone numbers need their country code, or default_country.",
			Request: typeOf[switchboard.ContactImportMapping](), Response: typeOf[switchboard.ContactImport](), handler: s.startContactImport},
		{Method: "GET", Path: "/api/v1/contact-imports/{id}/errors.csv", OperationID: "getContactImportErrors", Tag: "contacts", AdminOnly: true,
			Summary: "The refused rows of an import, with the reason", Produces: "text/csv", handler: s.contactImportErrors},
	}
}

// addressBookFilter reads the address book's filters from the query.
func addressBookFilter(q *query, now time.Time) switchboard.ContactFilter {
	f := switchboard.ContactFilter{Query: q.str("q"), Channel: switchboard.IdentityKind(q.str("channel")), Label: q.str("label"),
		Blocked: q.boolean("blocked"), Sort: switchboard.ContactSort(q.str("sort")), Attr: q.str("attr"), AttrValue: q.str("attr_value")}
	if days := q.integer("seen_within_days"); days > 0 {
		f.SeenAfter = now.AddDate(0, 0, -days)
	}
	if t := q.time("seen_before"); t != nil {
		f.SeenBefore = *t
	}
	return f
}

func (s *Server) exportContacts(w http.ResponseWriter, r *http.Request) error {
	q := newQuery(r)
	f := addressBookFilter(q, time.Now())
	if err := q.err(); err != nil {
		return err
	}
	if err := f.Validate(); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Disposition", `attachment; filename="contacts.csv"`)
	cw := csv.NewWriter(w)
	started := false
	err := s.Contacts.ExportContacts(r.Context(), f, func(c *switchboard.Contact) error {
		if !started {
			started = true
			if err := cw.Write([]string{"id", "name", "email", "phone", "language", "labels", "identities", "attributes", "created_at", "last_seen"}); err != nil {
				return err
			}
		}
		idents := make([]string, len(c.Identities))
		for i, id := range c.Identities {
			idents[i] = string(id.Kind) + ":" + id.ExternalID
		}
		seen := ""
		if c.LastSeenAt != nil {
			seen = c.LastSeenAt.UTC().Format(time.RFC3339)
		}
		attrs := string(c.Attributes)
		if attrs == "" {
			attrs = "{}"
		}
		return cw.Write([]string{strconv.FormatInt(c.ID, 10), csvSafe(c.Name), c.Email, c.Phone, csvSafe(c.Language),
			csvSafe(strings.Join(c.Labels, ";")), strings.Join(idents, ";"), attrs, c.CreatedAt.UTC().Format(time.RFC3339), seen})
	})
	if err != nil && !started {
		return err // nothing written yet: an ordinary error answer
	}
	if !started {
		_ = cw.Write([]string{"id", "name", "email", "phone", "language", "labels", "identities", "attributes", "created_at", "last_seen"})
	}
	cw.Flush()
	return nil
}

// csvSafe keeps a spreadsheet from reading a cell as a formula.
func csvSafe(v string) string {
	if v != "" && strings.ContainsRune("=+-@", rune(v[0])) {
		return "'" + v
	}
	return v
}

func (s *Server) contactImports() (switchboard.ContactImportService, error) {
	if s.ContactImports == nil {
		return nil, switchboard.Errorf(switchboard.EUNAVAILABLE, "This server does not import contacts.")
	}
	return s.ContactImports, nil
}

func (s *Server) uploadContactImport(w http.ResponseWriter, r *http.Request) error {
	svc, err := s.contactImports()
	if err != nil {
		return err
	}
	part, err := formFile(r)
	if err != nil {
		return err
	}
	body, err := io.ReadAll(io.LimitReader(part, switchboard.MaxContactImportBytes+1))
	if err != nil {
		return err
	}
	if len(body) > switchboard.MaxContactImportBytes {
		return &http.MaxBytesError{Limit: switchboard.MaxContactImportBytes}
	}
	imp, err := svc.CreateContactImport(r.Context(), part.FileName(), body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, imp)
}

// contactImport reads the import the path names, with the service.
func (s *Server) contactImport(r *http.Request) (switchboard.ContactImportService, int64, error) {
	svc, err := s.contactImports()
	if err != nil {
		return nil, 0, err
	}
	id, err := pathID(r, "id", "Import")
	return svc, id, err
}

func (s *Server) getContactImport(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.contactImport(r)
	if err != nil {
		return err
	}
	imp, err := svc.FindContactImport(r.Context(), id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, imp)
}

func (s *Server) startContactImport(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.contactImport(r)
	if err != nil {
		return err
	}
	var m switchboard.ContactImportMapping
	if err := decode(r, &m); err != nil {
		return err
	}
	imp, err := svc.StartContactImport(r.Context(), id, &m)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, imp)
}

func (s *Server) contactImportErrors(w http.ResponseWriter, r *http.Request) error {
	svc, id, err := s.contactImport(r)
	if err != nil {
		return err
	}
	if _, err := svc.FindContactImport(r.Context(), id); err != nil {
		return err
	}
	w.Header().Set("Content-Type", "text/csv")
	w.Header().Set("Content-Disposition", `attachment; filename="import-`+strconv.FormatInt(id, 10)+`-errors.csv"`)
	cw := csv.NewWriter(w)
	_ = cw.Write([]string{"line", "reason"})
	err = svc.ContactImportErrors(r.Context(), id, func(line int64, reason string) error {
		return cw.Write([]string{strconv.FormatInt(line, 10), csvSafe(reason)})
	})
	cw.Flush()
	return err
}
