//go:build ui

package main

import (
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/switchboardhq/switchboard/internal/benchdata"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// openScript clicks a conversation's row and resolves, in milliseconds, when its thread is on
// screen: the conversation's first message is in the page and a frame has been painted since.
// With a press of %d ms, the mouse goes down that long before the click, as a person's does, and
// the time is counted from the click (the mouse coming up).
const openScript = `new Promise(async done => {
	const id = %d, first = (id - 1) * 5 + 1, press = %d;
	const row = () => document.querySelector('[data-conversation="' + id + '"]');
	if (press > 0) {
		row().dispatchEvent(new PointerEvent("pointerdown", { bubbles: true, button: 0 }));
		await new Promise(r => setTimeout(r, press));
	}
	const t0 = performance.now();
	row().click();
	const check = () => document.querySelector('.messages [data-message="' + first + '"]')
		? requestAnimationFrame(() => done(performance.now() - t0))
		: requestAnimationFrame(check);
	check();
})`

// BenchmarkBrowserOpenConversation measures, in Chromium, the time from clicking a conversation in
// the list to its thread being painted, with the standard data set of 100,000 conversations
// (BENCHMARK.md) on each engine. It seeds a fresh database (about 15 s on SQLite), signs in as
// agent 4, and opens 100 conversations of their Mine view (every status) one after another; the
// time includes the frame that shows the thread. Run it with
//
//	go test -tags ui -run '^$' -bench BrowserOpenConversation -benchtime 1x ./cmd/switchboard/
//
// Then it loads 10,000 conversations of the All view into the list and scrolls through them,
// reporting the frame times. It reports p50 and p99 in milliseconds; it asserts nothing.
func BenchmarkBrowserOpenConversation(b *testing.B) {
	for _, e := range sqltest.Engines(b) {
		b.Run(e.Name, func(b *testing.B) {
			db, url := e.Open(b, sqltest.Options{})
			if err := db.SeedBenchmark(context.Background(), 100000, nil); err != nil {
				b.Fatal(err)
			}
			runBrowserBench(b, url)
		})
	}
}

func runBrowserBench(b *testing.B, url string) {
	a := start(b, map[string]string{"SWITCHBOARD_LISTEN": "127.0.0.1:0", "SWITCHBOARD_DATA_DIR": b.TempDir(), "SWITCHBOARD_DATABASE_URL": url})
	br := session(b, a.base)
	br.open("/inbox?view=mine&status=all")
	br.typeIn(`input[name="email"]`, "agent04@bench.test")
	br.typeIn(`input[name="password"]`, benchdata.Password+"\r")
	br.wait("the list", `document.querySelectorAll(".row").length > 5`)
	eval[bool](br, `(window.__errs = [], addEventListener("error", e => __errs.push(e.message)), addEventListener("unhandledrejection", e => __errs.push(String(e.reason))), true)`)
	for _, press := range []int{0, 80} {
		measureOpens(b, br.ctx, press)
	}
	measureScroll(b, br)
}

// scrollScript scrolls the list 400 px a frame for 600 frames and returns the frame times (ms)
// and the most rows the page held at once.
const scrollScript = `new Promise(done => {
	const el = document.querySelector(".rows"), times = [];
	let last = performance.now(), n = 0, most = 0;
	el.scrollTop = 0;
	const step = now => {
		times.push(now - last); last = now;
		most = Math.max(most, document.querySelectorAll(".row").length);
		el.scrollTop += 400;
		if (++n < 600) requestAnimationFrame(step); else done(JSON.stringify({ times, most }));
	};
	requestAnimationFrame(step);
})`

// measureScroll loads 10,000 conversations into the All view, page after page, then scrolls
// through them and reports the frame times: the list is virtualised, so 10,000 loaded rows
// should scroll like 50.
func measureScroll(b *testing.B, br *tab) {
	br.open("/inbox?view=all&status=all")
	br.wait("the list", `document.querySelectorAll(".row").length > 5`)
	start := time.Now()
	br.waitWithin(2*time.Minute, "10,000 rows loaded",
		`(el => (el.scrollTop = el.scrollHeight, Number(el.dataset.count) >= 10000))(document.querySelector(".rows"))`)
	loaded := time.Since(start)
	c, cancel := context.WithTimeout(br.ctx, 60*time.Second)
	defer cancel()
	out, err := chromedp.Run(c, chromedp.Evaluate[string](scrollScript, chromedp.EvalAwaitPromise))
	if err != nil {
		b.Fatal(err)
	}
	var r struct {
		Times []float64
		Most  int
	}
	if err := json.Unmarshal([]byte(out), &r); err != nil {
		b.Fatal(err)
	}
	times := r.Times[1:]
	slices.Sort(times)
	p := func(q float64) float64 { return times[int(q*float64(len(times)-1))] }
	b.ReportMetric(p(0.99), "scroll-frame-p99-ms")
	b.Logf("10,000 rows loaded in %s (200 pages while scrolling); scrolling them: frame p50 %.1f ms, p99 %.1f ms, max %.1f ms; at most %d rows in the page",
		loaded.Round(time.Millisecond), p(0.5), p(0.99), times[len(times)-1], r.Most)
}

// measureOpens opens 100 conversations, each after a press of press ms, and reports the times.
func measureOpens(b *testing.B, ctx context.Context, press int) {
	var times []float64
	for k := range 100 {
		if k%8 == 0 && k > 0 {
			// Scroll on, so later clicks open conversations not seen before.
			c, cancel := context.WithTimeout(ctx, 30*time.Second)
			_, _ = chromedp.Run(c, chromedp.Evaluate[bool](`(document.querySelector(".rows").scrollTop += 8 * 84, true)`))
			cancel()
		}
		id := visibleRow(b, ctx, k)
		c, cancel := context.WithTimeout(ctx, 30*time.Second)
		ms, err := chromedp.Run(c, chromedp.Evaluate[float64](fmt.Sprintf(openScript, id, press), chromedp.EvalAwaitPromise))
		cancel()
		if err != nil {
			c, cancel := context.WithTimeout(ctx, 10*time.Second)
			v, _ := chromedp.Run(c, chromedp.Evaluate[string](`location.pathname + " | " + JSON.stringify(window.__errs) + " | " + document.querySelector(".thread-pane")?.innerText.slice(0, 300)`))
			cancel()
			b.Fatalf("open conversation %d: %v (page: %s)", id, err, v)
		}
		times = append(times, ms)
	}
	slices.Sort(times)
	p := func(q float64) float64 { return times[int(q*float64(len(times)-1))] }
	b.ReportMetric(p(0.5), fmt.Sprintf("p50-ms/press-%dms", press))
	b.ReportMetric(p(0.99), fmt.Sprintf("p99-ms/press-%dms", press))
	b.Logf("press %d ms, click → thread painted, over %d conversations: p50 %.1f ms, p90 %.1f ms, p99 %.1f ms, max %.1f ms",
		press, len(times), p(0.5), p(0.9), p(0.99), times[len(times)-1])
}

// visibleRow returns the id of the k-th conversation to open: a row on screen that was not opened.
func visibleRow(b *testing.B, ctx context.Context, k int) int {
	c, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	id, err := chromedp.Run(c, chromedp.Evaluate[int](fmt.Sprintf(`(() => {
		const rows = [...document.querySelectorAll(".row:not(.selected)")].filter(r => {
			const b = r.getBoundingClientRect(); return b.top >= 0 && b.bottom <= innerHeight; });
		return Number(rows[%d %% rows.length].dataset.conversation);
	})()`, k)))
	if err != nil {
		b.Fatal(err)
	}
	return id
}
