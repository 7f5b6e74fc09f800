package libretranslate

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	emu "github.com/switchboardhq/switchboard/emulator/libretranslate"
)

// setup starts an emulated server and a client whose waits are recorded, not slept.
func setup(t *testing.T, key string) (*emu.Server, *Client, *[]time.Duration) {
	t.Helper()
	s := emu.New(key)
	srv := httptest.NewServer(s)
	t.Cleanup(srv.Close)
	var waits []time.Duration
	c := &Client{URL: srv.URL + "/", APIKey: key, HTTP: srv.Client(),
		Sleep: func(_ context.Context, d time.Duration) error { waits = append(waits, d); return nil }}
	return s, c, &waits
}

func TestTranslate(t *testing.T) {
	s, c, _ := setup(t, "k-123")
	ctx := context.Background()
	got, err := c.Translate(ctx, "Hello, my order has not arrived yet.", "en", "es")
	if err != nil {
		t.Fatal(err)
	}
	if want := "Hola, mi pedido no ha llegado todavía."; got != want {
		t.Errorf("Translate = %q, want %q", got, want)
	}
	r, err := c.TranslateDetect(ctx, "Bonjour, où est ma commande?", "", "en")
	if err != nil {
		t.Fatal(err)
	}
	if r.Text != "Hello, where is my order?" || r.Detected != "fr" || r.Score <= 0 {
		t.Errorf("TranslateDetect = %+v", r)
	}
	reqs := s.Requests()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	want := emu.Request{Method: "POST", Path: "/translate", Q: "Hello, my order has not arrived yet.", Source: "en", Target: "es", Format: "text", Key: "k-123", JSON: true}
	if reqs[0] != want {
		t.Errorf("request = %+v, want %+v", reqs[0], want)
	}
	if reqs[1].Source != "auto" {
		t.Errorf("from \"\" sent source %q, want auto", reqs[1].Source)
	}

	langs, err := c.Languages(ctx)
	if err != nil {
		t.Fatal(err)
	}
	if len(langs) != 5 || langs[0].Code != "en" || !slices.Contains(langs[0].Targets, "it") {
		t.Errorf("Languages = %+v", langs)
	}

	// Nothing to translate is not sent.
	if got, err := c.Translate(ctx, "  ", "en", "es"); err != nil || got != "  " || len(s.Requests()) != 3 {
		t.Errorf("blank text: %q, %v, %d requests", got, err, len(s.Requests()))
	}
}

func TestErrors(t *testing.T) {
	ctx := context.Background()
	for _, tc := range []struct {
		name     string
		to       string
		prepare  func(s *emu.Server, c *Client)
		wantErr  string
		requests int
		waits    []time.Duration
	}{
		{"wrong key", "es", func(_ *emu.Server, c *Client) { c.APIKey = "nope" }, "libretranslate refused the request (403): Invalid API key", 1, nil},
		{"missing key", "es", func(_ *emu.Server, c *Client) { c.APIKey = "" }, "libretranslate answered 400: Please contact the server operator to get an API key", 1, nil},
		{"unsupported language", "de", func(*emu.Server, *Client) {}, "libretranslate answered 400: de is not supported", 1, nil},
		{"rate limited then fine", "es", func(s *emu.Server, _ *Client) { s.Fail(2, 429) }, "", 3, []time.Duration{time.Second, time.Second}},
		{"server errors until out of attempts", "es", func(s *emu.Server, c *Client) {
			s.Fail(5, 503)
			c.Backoff.Base, c.Backoff.Max = 100*time.Millisecond, time.Second
		}, "libretranslate answered 503: Cannot translate text: the model failed", 3, nil},
		{"retry-after too long", "es", func(s *emu.Server, _ *Client) { s.RetryAfter = "3600"; s.Fail(1, 429) }, "libretranslate is rate limiting (429): Slowdown: 1 per 1 minute", 1, nil},
		{"malformed answer", "es", func(s *emu.Server, _ *Client) { s.Malformed(1) }, "libretranslate answered something that is not its JSON", 1, nil},
		{"one attempt", "es", func(s *emu.Server, c *Client) { c.MaxAttempts = 1; s.Fail(1, 500) }, "libretranslate answered 500", 1, nil},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s, c, waits := setup(t, "k-123")
			tc.prepare(s, c)
			got, err := c.Translate(ctx, "Thank you", "en", tc.to)
			switch {
			case tc.wantErr == "" && err != nil:
				t.Fatalf("err = %v", err)
			case tc.wantErr == "" && got != "Gracias":
				t.Errorf("Translate = %q, want Gracias", got)
			case tc.wantErr != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.wantErr)):
				t.Fatalf("err = %v, want %q", err, tc.wantErr)
			case err != nil && strings.Contains(err.Error(), "\n"):
				t.Errorf("error is not one line: %q", err)
			}
			if n := len(s.Requests()); n != tc.requests {
				t.Errorf("%d requests, want %d", n, tc.requests)
			}
			if tc.waits != nil && !slices.Equal(*waits, tc.waits) {
				t.Errorf("waited %v, want %v", *waits, tc.waits)
			}
			if tc.name == "server errors until out of attempts" {
				if len(*waits) != 2 || (*waits)[0] < 50*time.Millisecond || (*waits)[1] < 100*time.Millisecond {
					t.Errorf("backoff waits %v, want about 100ms then 200ms", *waits)
				}
			}
			var e *Error
			if tc.wantErr != "" && strings.Contains(tc.wantErr, "answered 5") && (!errors.As(err, &e) || !e.Temporary()) {
				t.Errorf("err %v is not a temporary *Error", err)
			}
		})
	}
}

func TestLimitsAndCancel(t *testing.T) {
	ctx := context.Background()
	big := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Write([]byte(`{"translatedText":"` + strings.Repeat("a", 2<<20) + `"}`))
	}))
	defer big.Close()
	c := &Client{URL: big.URL, HTTP: big.Client()}
	if _, err := c.Translate(ctx, "hi", "en", "es"); err == nil || !strings.Contains(err.Error(), "larger than") {
		t.Errorf("big answer: err = %v", err)
	}
	if _, err := c.Translate(ctx, strings.Repeat("a", MaxText+1), "en", "es"); err == nil || !strings.Contains(err.Error(), "more than") {
		t.Errorf("big text: err = %v", err)
	}

	// A URL on this machine is refused by the default (egress) client, before anything is sent.
	s, _, _ := setup(t, "")
	srv := httptest.NewServer(s)
	defer srv.Close()
	if _, err := (&Client{URL: srv.URL}).Languages(ctx); err == nil || len(s.Requests()) != 0 {
		t.Errorf("loopback with the default client: err = %v, %d requests", err, len(s.Requests()))
	} else {
		t.Log(err)
	}

	// A cancelled wait gives up with the server's error.
	s2, c2, _ := setup(t, "")
	s2.Fail(3, 429)
	cctx, cancel := context.WithCancel(ctx)
	c2.Sleep = func(ctx context.Context, _ time.Duration) error { cancel(); return ctx.Err() }
	if _, err := c2.Translate(cctx, "hello", "en", "es"); err == nil || !strings.Contains(err.Error(), "429") || len(s2.Requests()) != 1 {
		t.Errorf("cancelled: err = %v, %d requests", err, len(s2.Requests()))
	}
	// The real wait (backoff.Sleep) honours the context too: its test is with it.
}

// TestTimePerMessage reports what one translation costs through the client and the emulator.
func TestTimePerMessage(t *testing.T) {
	_, c, _ := setup(t, "k")
	const n = 300
	start := time.Now()
	for range n {
		if _, err := c.Translate(context.Background(), "Hello, my order has not arrived yet. Please help, it is urgent.", "en", "it"); err != nil {
			t.Fatal(err)
		}
	}
	t.Logf("%d translations through the emulator: %v a message", n, time.Since(start)/n)
}
