package main

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"github.com/switchboardhq/switchboard"
)

// addressBook measures the address book at --contacts contacts (seeded straight into the tables
// with the conversations, see SeedContacts): the first page of each kind of query as an admin
// and as an agent (whose scope check runs on every row), then the import of a generated CSV of
// --csv-rows contacts through the public API, and its re-import, which must change nothing.
func (b *benchRun) addressBook(ctx context.Context) error {
	// The seeded contacts are the newest: contact i is "<first> <last> i", c<i>@seed.test,
	// +39 3<i in 9 digits>.
	var newest struct{ Items []struct{ ID int64 } }
	if err := b.admin.do(ctx, "GET", "/api/v1/contacts?limit=1", nil, nil, http.StatusOK, &newest); err != nil {
		return err
	}
	if len(newest.Items) == 0 {
		return fmt.Errorf("address book: no contacts")
	}
	mid := newest.Items[0].ID - int64(b.opts.contacts)/2
	phone := fmt.Sprintf("+393%09d", mid)
	queries := []struct{ shape, q string }{
		{"common first name", "giulia"},
		{"two words", "giulia rossi"},
		{"prefix", "giu"},
		{"whole email", fmt.Sprintf("c%d@seed.test", mid)},
		{"whole name", ""}, // filled below from the contact itself
		{"phone as written", "+39 " + phone[3:6] + " " + phone[6:9] + " " + phone[9:]},
		{"phone digits without country code", phone[3:6] + " " + phone[6:9] + " " + phone[9:11]},
		{"phone prefix", phone[:10]},
		{"no hit", "xylophone"},
	}
	var named struct{ Name string }
	if err := b.admin.do(ctx, "GET", fmt.Sprintf("/api/v1/contacts/%d", mid), nil, nil, http.StatusOK, &named); err != nil {
		return err
	}
	queries[4].q = named.Name
	limit := 10 * time.Millisecond // BENCHMARK.md: address-book search at 1M contacts, p99
	n := max(b.opts.requests/5, 20)
	for _, who := range []struct {
		name string
		c    *benchClient
	}{{"admin", b.admin}, {"agent", b.me}} {
		for _, sq := range queries {
			path := "/api/v1/contacts?q=" + url.QueryEscape(sq.q)
			var page struct{ Items []struct{ ID int64 } }
			if err := who.c.do(ctx, "GET", path, nil, nil, http.StatusOK, &page); err != nil {
				return err
			}
			if (len(page.Items) > 0) != (sq.shape != "no hit") {
				return fmt.Errorf("address book %q found %d contacts", sq.q, len(page.Items))
			}
			if (sq.shape == "whole email" || sq.shape == "whole name" || sq.shape == "phone as written") && page.Items[0].ID != mid {
				return fmt.Errorf("address book %q: contact %d first, want %d", sq.q, page.Items[0].ID, mid)
			}
			s, el, err := measure(n, func(int) error { return who.c.get(ctx, path) })
			if err != nil {
				return err
			}
			b.latency(fmt.Sprintf("address book at %d contacts, %s, %s %q", b.opts.contacts, who.name, sq.shape, sq.q), s, el, limit)
		}
	}
	if b.opts.csvRows > 0 {
		return b.importContactsCSV(ctx)
	}
	return nil
}

// importContactsCSV imports a generated CSV of --csv-rows new contacts (name, email, phone
// without its country code, labels) twice through the public API, and reports rows per second
// of each run; the second must find every row unchanged.
func (b *benchRun) importContactsCSV(ctx context.Context) error {
	var file bytes.Buffer
	cw := csv.NewWriter(&file)
	_ = cw.Write([]string{"Full name", "E-mail", "Mobile", "Tags"})
	for i := 1; i <= b.opts.csvRows; i++ {
		_ = cw.Write([]string{fmt.Sprintf("Imported Person %d", i), fmt.Sprintf("imported%d@csv.test", i),
			fmt.Sprintf("3%02d %03d %04d", 40+i/10000000, (i/10000)%1000, i%10000), []string{"bench-csv", "bench-csv;bench-csv-vip"}[i%2]})
	}
	cw.Flush()
	for _, l := range []string{"bench-csv", "bench-csv-vip"} { // an import names labels that exist
		if err := b.admin.do(ctx, "POST", "/api/v1/labels", nil, map[string]string{"name": l}, http.StatusCreated, nil); err != nil {
			return fmt.Errorf("create label: %w", err)
		}
	}
	for run, want := range []string{"created", "unchanged"} {
		var body bytes.Buffer
		mw := multipart.NewWriter(&body)
		part, err := mw.CreateFormFile("file", "contacts.csv")
		if err != nil {
			return err
		}
		_, _ = part.Write(file.Bytes())
		_ = mw.Close()
		began := time.Now()
		req, err := http.NewRequestWithContext(ctx, "POST", b.admin.base+"/api/v1/contact-imports", &body)
		if err != nil {
			return err
		}
		for k, v := range b.admin.auth {
			req.Header[k] = v
		}
		req.Header.Set("Content-Type", mw.FormDataContentType())
		res, err := b.admin.http.Do(req)
		if err != nil {
			return err
		}
		var imp switchboard.ContactImport
		err = expect(res, http.StatusCreated, &imp)
		res.Body.Close()
		if err != nil {
			return fmt.Errorf("upload contacts CSV: %w", err)
		}
		mapping := switchboard.ContactImportMapping{DefaultCountry: "+39",
			Columns: map[string]string{"Full name": "name", "E-mail": "email", "Mobile": "phone", "Tags": "labels"}}
		path := "/api/v1/contact-imports/" + strconv.FormatInt(imp.ID, 10)
		if err := b.admin.do(ctx, "POST", path+"/start", nil, mapping, http.StatusOK, &imp); err != nil {
			return fmt.Errorf("start contacts import: %w", err)
		}
		for imp.Status != switchboard.ImportDone {
			if imp.Status == switchboard.ImportFailed {
				return fmt.Errorf("contacts import failed: %s", imp.Error)
			}
			time.Sleep(200 * time.Millisecond)
			if err := b.admin.do(ctx, "GET", path, nil, nil, http.StatusOK, &imp); err != nil {
				return err
			}
		}
		took := time.Since(began)
		counts := map[string]int64{"created": imp.Created, "updated": imp.Updated, "unchanged": imp.Unchanged, "refused": imp.Refused}
		if counts[want] != int64(b.opts.csvRows) {
			res, err := b.admin.send(ctx, "GET", path+"/errors.csv", nil, nil)
			var first []byte
			if err == nil {
				first, _ = io.ReadAll(io.LimitReader(res.Body, 300))
				res.Body.Close()
			}
			return fmt.Errorf("contacts import %d: %+v, want %d %s; refused rows: %s", run+1, counts, b.opts.csvRows, want, first)
		}
		op := fmt.Sprintf("contacts CSV import, %d rows, first import (all created)", b.opts.csvRows)
		if run == 1 {
			op = fmt.Sprintf("contacts CSV import, %d rows, the same file again (all unchanged)", b.opts.csvRows)
		}
		b.add(benchRow{op: op, p50: took.Round(100 * time.Millisecond).String(), rate: perSecond(float64(b.opts.csvRows)/took.Seconds(), "rows/s")})
		b.progress("%s: %s, %.0f rows/s", op, took.Round(100*time.Millisecond), float64(b.opts.csvRows)/took.Seconds())
	}
	return nil
}
