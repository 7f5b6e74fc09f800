package switchboard

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"strings"
	"time"
	"unicode/utf8"
)

// Bounds of a contacts CSV file: larger or stranger files are refused whole, with the reason.
const (
	MaxContactImportBytes   = 32 << 20 // the uploaded file
	MaxContactImportColumns = 100
	MaxContactImportLine    = 64 << 10 // one line, in bytes
	contactImportPreview    = 5        // rows shown in the preview
)

// JobContactImport runs a started contacts import (args ContactImportArgs).
const JobContactImport = "contact_import"

// ContactImportArgs are the arguments of a JobContactImport job.
type ContactImportArgs struct {
	ImportID int64 `json:"import_id"`
}

// ContactImportStatus is where a contacts import is.
type ContactImportStatus string

// The import statuses.
const (
	ImportPreview ContactImportStatus = "preview" // uploaded, waiting for its mapping
	ImportQueued  ContactImportStatus = "queued"
	ImportRunning ContactImportStatus = "running"
	ImportDone    ContactImportStatus = "done"
	ImportFailed  ContactImportStatus = "failed"
)

// ContactImport is an uploaded CSV of contacts: its columns and first rows, then, once started
// with a mapping, its progress and counts. Refused rows are listed by ContactImportErrors.
type ContactImport struct {
	ID        int64                 `json:"id"`
	Status    ContactImportStatus   `json:"status"`
	Filename  string                `json:"filename"`
	Columns   []string              `json:"columns"`
	Preview   [][]string            `json:"preview"`
	Mapping   *ContactImportMapping `json:"mapping"`
	TotalRows int64                 `json:"total_rows"`
	RowsDone  int64                 `json:"rows_done"`
	Created   int64                 `json:"created"`
	Updated   int64                 `json:"updated"`
	Unchanged int64                 `json:"unchanged"`
	Refused   int64                 `json:"refused"`
	Error     string                `json:"error"`
	CreatedAt time.Time             `json:"created_at"`
	UpdatedAt time.Time             `json:"updated_at"`
}

// ContactImportMapping says what each CSV column is: name, email, phone, language, labels
// (separated by ; or |) or attribute.<key>; a column not named is skipped. DefaultCountry
// ("+39") is put before phone numbers written without their country code.
type ContactImportMapping struct {
	Columns        map[string]string `json:"columns"`
	DefaultCountry string            `json:"default_country"`
}

// Validate checks every target against the file's columns.
func (m *ContactImportMapping) Validate(columns []string) error {
	var v Validator
	known := map[string]bool{}
	for _, c := range columns {
		known[c] = true
	}
	used := map[string]bool{}
	for col, target := range m.Columns {
		v.Check(known[col], "columns", fmt.Sprintf("The file has no column %q.", col))
		switch {
		case target == "":
			continue
		case target == "name" || target == "email" || target == "phone" || target == "language" || target == "labels":
		case strings.HasPrefix(target, "attribute.") && len(target) > len("attribute.") && len(target) <= 80:
		default:
			v.Check(false, "columns", fmt.Sprintf("Column %q: map it to name, email, phone, language, labels or attribute.<key>.", col))
		}
		v.Check(!used[target], "columns", fmt.Sprintf("Two columns are mapped to %s.", target))
		used[target] = true
	}
	v.Check(used["email"] || used["phone"], "columns", "Map a column to email or phone: contacts are matched by them.")
	if m.DefaultCountry != "" {
		d := strings.TrimPrefix(strings.TrimSpace(m.DefaultCountry), "+")
		ok := len(d) >= 1 && len(d) <= 4 && strings.Trim(d, "0123456789") == "" && d[0] != '0'
		v.Check(ok, "default_country", "Write the country code like +39.")
		m.DefaultCountry = "+" + d
	}
	return v.Err()
}

// ImportedContact is one CSV row read through a mapping, normalised.
type ImportedContact struct {
	Name, Email, Phone, Language string
	HasName, HasLanguage         bool
	Labels                       []string
	Attributes                   map[string]string
}

// Read turns a record into a contact, or says why the row is refused.
func (m *ContactImportMapping) Read(columns, record []string) (*ImportedContact, error) {
	if len(record) != len(columns) {
		return nil, Errorf(EINVALID, "The row has %d fields, the header %d", len(record), len(columns))
	}
	out := &ImportedContact{}
	for i, col := range columns {
		target, val := m.Columns[col], strings.TrimSpace(record[i])
		switch {
		case target == "name":
			if len(val) > 200 {
				return nil, Errorf(EINVALID, "The name is longer than 200 characters")
			}
			out.Name, out.HasName = val, val != ""
		case target == "email" && val != "":
			out.Email = strings.ToLower(val)
			if !validEmail(out.Email) {
				return nil, Errorf(EINVALID, "Invalid email address %q", val)
			}
		case target == "phone" && val != "":
			p, err := m.phone(val)
			if err != nil {
				return nil, err
			}
			out.Phone = p
		case target == "language":
			if len(val) > 20 {
				return nil, Errorf(EINVALID, "The language is longer than 20 characters")
			}
			out.Language, out.HasLanguage = val, val != ""
		case target == "labels":
			for _, l := range strings.FieldsFunc(val, func(r rune) bool { return r == ';' || r == '|' }) {
				if l = strings.TrimSpace(l); l != "" {
					out.Labels = append(out.Labels, l)
				}
			}
		case strings.HasPrefix(target, "attribute.") && val != "":
			if out.Attributes == nil {
				out.Attributes = map[string]string{}
			}
			out.Attributes[strings.TrimPrefix(target, "attribute.")] = val
		}
	}
	if out.Email == "" && out.Phone == "" {
		return nil, Errorf(EINVALID, "No email and no phone to match the contact by")
	}
	return out, nil
}

// phone normalises a number as people write it: spaces, dashes, dots and parentheses go, a
// leading 00 becomes +; a number without its country code (no + or 00) takes the mapping's
// default country, and is refused without one.
func (m *ContactImportMapping) phone(s string) (string, error) {
	t := strings.TrimSpace(s)
	if !strings.HasPrefix(t, "+") && !strings.HasPrefix(t, "00") {
		if m.DefaultCountry == "" {
			return "", Errorf(EINVALID, "Phone %q has no country code (+39…) and no default country is set", s)
		}
		t = m.DefaultCountry + strings.TrimLeft(strings.TrimSpace(t), "0")
	}
	p, err := NormalizePhone(t)
	if err != nil {
		return "", Errorf(EINVALID, "Invalid phone number %q", s)
	}
	return p, nil
}

// ReadContactCSV checks a whole contacts CSV (UTF-8, no NUL bytes, a header, lines and columns
// within bounds, valid quoting) and returns its columns, first rows and number of rows. A file
// that fails is refused whole with a reason a person can act on.
func ReadContactCSV(body []byte) (columns []string, preview [][]string, rows int64, err error) {
	bad := func(msg string) error {
		return &Error{Code: EINVALID, Message: msg, Fields: map[string]string{"file": msg}}
	}
	body = bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(body)) == 0 {
		return nil, nil, 0, bad("The file is empty: it needs a header row naming its columns.")
	}
	if bytes.IndexByte(body, 0) >= 0 {
		return nil, nil, 0, bad("The file has NUL bytes: it is not a text CSV file.")
	}
	if !utf8.Valid(body) {
		return nil, nil, 0, bad("The file is not UTF-8 text: save it as CSV UTF-8 and try again.")
	}
	line, start := 1, 0
	for i, b := range body {
		if b == '\n' {
			if i-start > MaxContactImportLine {
				return nil, nil, 0, bad(fmt.Sprintf("Line %d is longer than %d KiB.", line, MaxContactImportLine>>10))
			}
			line, start = line+1, i+1
		}
	}
	if len(body)-start > MaxContactImportLine {
		return nil, nil, 0, bad(fmt.Sprintf("Line %d is longer than %d KiB.", line, MaxContactImportLine>>10))
	}
	r := NewContactCSVReader(body)
	header, err := r.Read()
	if err != nil {
		return nil, nil, 0, bad("The header row cannot be read: " + err.Error())
	}
	if len(header) > MaxContactImportColumns {
		return nil, nil, 0, bad(fmt.Sprintf("The file has %d columns; at most %d are read.", len(header), MaxContactImportColumns))
	}
	seen := map[string]bool{}
	for i, h := range header {
		h = strings.TrimSpace(h)
		if h == "" || seen[h] {
			return nil, nil, 0, bad(fmt.Sprintf("Column %d of the header row is empty or repeated: the first row must name each column.", i+1))
		}
		seen[h], header[i] = true, h
	}
	for {
		rec, err := r.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, nil, 0, bad("The file is not valid CSV: " + err.Error())
		}
		if len(preview) < contactImportPreview {
			preview = append(preview, rec)
		}
		rows++
	}
	if preview == nil {
		preview = [][]string{}
	}
	return header, preview, rows, nil
}

// NewContactCSVReader reads a contacts CSV: comma-separated, any number of fields a row (a row
// with the wrong number is refused alone).
func NewContactCSVReader(body []byte) *csv.Reader {
	r := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(body, []byte("\xef\xbb\xbf"))))
	r.FieldsPerRecord = -1
	r.ReuseRecord = false
	return r
}

// ContactImportService imports contacts from CSV files; admins only. An upload is checked and
// previewed; started with a mapping, a durable job reads it row by row and upserts each contact
// by email or phone: a row changes nothing that already holds, so importing a file again
// creates, updates and records nothing.
type ContactImportService interface {
	CreateContactImport(ctx context.Context, filename string, body []byte) (*ContactImport, error)
	FindContactImport(ctx context.Context, id int64) (*ContactImport, error)
	StartContactImport(ctx context.Context, id int64, m *ContactImportMapping) (*ContactImport, error)
	// ContactImportErrors calls fn with each refused row, by line.
	ContactImportErrors(ctx context.Context, id int64, fn func(line int64, reason string) error) error
	// RunContactImport does the job's work (system only); it resumes where a previous attempt stopped.
	RunContactImport(ctx context.Context, id int64) error
}
