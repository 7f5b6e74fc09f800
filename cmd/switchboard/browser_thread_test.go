//go:build ui

package main

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"image"
	"image/png"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/fetch"
	"github.com/chromedp/cdproto/network"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
)

// TestBrowserThreadPinnedAndEmoji: in Chromium, at 1440 and 390 pixels wide, a long WhatsApp
// conversation opens at its newest message and stays there while a picture above it loads late;
// a message arriving while the agent reads older ones shows a "New messages" pill and leaves the
// view where it was, and the pill takes them down. Then the emoji picker: searched, a skin tone
// chosen, it reacts to a customer's message and keeps the emoji among the recently used; in the
// composer it inserts an emoji at the cursor, by keyboard.
func TestBrowserThreadPinnedAndEmoji(t *testing.T) {
	a, emu, ada := browserWhatsApp(t)

	// Thirty lines, a tall picture, and a last line under it.
	var msgs []map[string]any
	for i := 1; i <= 30; i++ {
		msgs = append(msgs, obj{"id": fmt.Sprintf("wamid.L%d", i), "type": "text", "text": obj{"body": fmt.Sprintf("Line %d of a long story", i)}})
	}
	pic := tallPNG(t)
	sum := sha256.Sum256(pic)
	msgs = append(msgs, obj{"id": "wamid.PIC", "type": "image", "image": obj{"id": emu.AddMedia(pic, "image/png"), "mime_type": "image/png", "sha256": hex.EncodeToString(sum[:])}},
		obj{"id": "wamid.LAST", "type": "text", "text": obj{"body": "That is the photo."}})
	if status, err := emu.Deliver(emu.Customer("Ana Lima", "5511999990000", msgs...)); err != nil || status != 200 {
		t.Fatalf("webhook: %d %v", status, err)
	}
	convs := a.allConversations()
	if len(convs) != 1 {
		t.Fatalf("conversations: %v", convs)
	}
	path := fmt.Sprintf("/inbox/%v", convs[0]["id"])
	const thread = `document.querySelector(".messages")`
	atBottom := `(m => !!m && m.scrollHeight - m.scrollTop - m.clientHeight < 2)(` + thread + `)`
	picture := `(i => !!i && i.complete && i.naturalHeight > 0 && i.getBoundingClientRect().height > 100)(document.querySelector(".bubble.in img.media"))`

	for _, size := range []struct {
		name          string
		width, height int64
		mobile        bool
	}{{"1440", 1440, 900, false}, {"390", 390, 844, true}} {
		t.Run(size.name, func(t *testing.T) {
			if size.mobile {
				ada.do(chromedp.EmulateViewport(size.width, size.height, chromedp.EmulateMobile))
			} else {
				ada.do(chromedp.EmulateViewport(size.width, size.height))
			}
			// The picture is held back until the thread has opened at the bottom without it.
			hold := holdImages(ada)
			ada.open(path)
			ada.waitText(".bubble.in", "That is the photo.")
			hold.waitHeld(t, "the picture's request")
			ada.wait("the thread at its newest message", atBottom)
			if eval[bool](ada, picture) {
				t.Fatal("the picture loaded while its request was held")
			}
			hold.release()
			ada.wait("the picture shown", picture)
			ada.wait("the thread still at its newest message once the picture is in", atBottom)
			ada.shot("pinned-" + size.name)

			// Reading older messages: a new one does not move the view; the pill says it came.
			// The thread's own scroll handler runs before this one, so once this one has run the
			// thread knows the agent left the bottom.
			eval[bool](ada, `(m => (window.__scrolled = false, m.addEventListener("scroll", () => window.__scrolled = true, {once: true}), m.scrollTop = 300, true))(`+thread+`)`)
			ada.wait("the scroll handled", `window.__scrolled === true`)
			ada.wait("the view scrolled up", `(m => m.scrollHeight - m.scrollTop - m.clientHeight > 200)(`+thread+`)`)
			top := eval[float64](ada, thread+`.scrollTop`)
			text := "Are you there? (" + size.name + ")"
			if status, err := emu.Deliver(emu.Customer("Ana Lima", "5511999990000", obj{"id": "wamid.NEW" + size.name, "type": "text", "text": obj{"body": text}})); err != nil || status != 200 {
				t.Fatalf("webhook: %d %v", status, err)
			}
			ada.waitText(".messages .bubble.in", text)
			ada.waitText(".new-messages-pill", "New messages")
			if now := eval[float64](ada, thread+`.scrollTop`); now < top-1 || now > top+1 {
				t.Errorf("the view moved from %v to %v when a message came", top, now)
			}
			ada.shot("pill-" + size.name)
			ada.click(".new-messages-pill", "New messages")
			ada.wait("the thread at the new message", atBottom)
			ada.gone(".new-messages-pill", "New messages")
		})
	}

	// React to the customer's last message with the picker: search, a skin tone, the emoji.
	ada.do(chromedp.EmulateViewport(1440, 900))
	ada.open(path)
	ada.waitText(".bubble.in", "That is the photo.")
	openReact := `(b => !!b && (b.click(), true))([...document.querySelectorAll('.bubble.in button[aria-label="React"]')].pop())`
	ada.wait("the React button", openReact)
	ada.wait("the picker, its search focused", `document.activeElement?.matches(".emoji-picker input[type=search]")`)
	ada.wait("the picker whole, inside the window", `(r => r.height > 250 && r.width > 250 && r.top >= 0 && r.bottom <= innerHeight)(document.querySelector(".emoji-picker").getBoundingClientRect())`)
	ada.typeIn(".emoji-picker input[type=search]", "thumbs")
	ada.waitText(".emoji-picker .emoji-cells button", "👎")
	ada.gone(".emoji-picker .emoji-cells button", "😀")
	ada.click(`.emoji-picker [role=radio][aria-label="Medium"]`, "")
	ada.click(`.emoji-picker .emoji-cells button[aria-label^="thumbs up"]`, "👍🏽")
	ada.gone(".emoji-picker", "")
	ada.waitText(".bubble.in .reactions", "👍🏽")
	deadline := time.Now().Add(10 * time.Second)
	sent := false
	for !sent && time.Now().Before(deadline) {
		for _, s := range emu.Sent() {
			sent = sent || (s.Type == "reaction" && s.Body["reaction"].(map[string]any)["emoji"] == "👍🏽")
		}
		time.Sleep(20 * time.Millisecond)
	}
	if !sent {
		t.Error("WhatsApp got no 👍🏽 reaction")
	}
	// Next time: the emoji among the recently used, the tone remembered; Escape closes.
	ada.wait("the React button", openReact)
	ada.waitText(".emoji-picker .emoji-recent button", "👍🏽")
	ada.wait("the tone remembered", `document.querySelector('.emoji-picker [role=radio][aria-label="Medium"]').getAttribute("aria-checked") === "true"`)
	ada.audit("emoji picker")
	// A letter typed on an emoji searches (it is no shortcut: "e" would resolve the conversation).
	ada.press(kb.ArrowDown)
	ada.wait("the recent emoji focused", `document.activeElement?.textContent === "👍🏽"`)
	ada.press("e")
	ada.wait("the letter in the search", `document.querySelector(".emoji-picker input[type=search]").value === "e"`)
	ada.press(kb.Escape)
	ada.gone(".emoji-picker", "")
	ada.wait("the focus back on the React button", `document.activeElement?.getAttribute("aria-label") === "React"`)

	// The composer: the emoji goes where the cursor is, chosen by keyboard.
	ada.typeIn(".composer textarea", "Hello world")
	eval[bool](ada, `(t => (t.focus(), t.setSelectionRange(5, 5), true))(document.querySelector(".composer textarea"))`)
	ada.click(`.composer button[aria-label="Insert emoji"]`, "")
	ada.wait("the composer's picker", `document.activeElement?.matches(".emoji-picker input[type=search]")`)
	ada.typeIn(".emoji-picker input[type=search]", "tada")
	ada.waitText(".emoji-picker .emoji-cells button", "🎉")
	ada.press(kb.ArrowDown)
	ada.wait("the first emoji focused", `document.activeElement?.textContent === "🎉"`)
	ada.press(kb.Enter)
	ada.wait("the emoji at the cursor", `document.querySelector(".composer textarea").value === "Hello🎉 world"`)
	ada.wait("the cursor after it", `(t => document.activeElement === t && t.selectionStart === 7)(document.querySelector(".composer textarea"))`)
}

// tallPNG is a picture taller than the window, so its loading moves everything below it.
func tallPNG(t *testing.T) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, 300, 1200))
	for i := range img.Pix {
		img.Pix[i] = 180
	}
	var b bytes.Buffer
	if err := png.Encode(&b, img); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// heldImages holds a tab's image requests in Chromium until released: pictures that load late.
type heldImages struct {
	b        *tab
	cancel   context.CancelFunc
	mu       sync.Mutex
	ids      []fetch.RequestID
	released bool
}

func holdImages(b *tab) *heldImages {
	b.t.Helper()
	h := &heldImages{b: b}
	ctx, cancel := context.WithCancel(b.ctx)
	h.cancel = cancel
	b.t.Cleanup(h.release)
	events := chromedp.Events(ctx, fetch.RequestPaused)
	b.do(func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		// From the network each time, not from the cache, which Fetch does not see.
		if _, err := cdp.Call(ctx, t, network.Enable, network.EnableParams{}); err != nil {
			return chromedp.Void{}, err
		}
		if _, err := cdp.Call(ctx, t, network.SetCacheDisabled, network.SetCacheDisabledParams{CacheDisabled: true}); err != nil {
			return chromedp.Void{}, err
		}
		_, err := cdp.Call(ctx, t, fetch.Enable, fetch.EnableParams{Patterns: []*fetch.RequestPattern{{ResourceType: network.ResourceTypeImage}}})
		return chromedp.Void{}, err
	})
	go func() {
		for ev, err := range events {
			if err != nil {
				return
			}
			h.mu.Lock()
			if h.released {
				h.mu.Unlock()
				h.continueRequest(ev.RequestID)
				continue
			}
			h.ids = append(h.ids, ev.RequestID)
			h.mu.Unlock()
		}
	}()
	return h
}

func (h *heldImages) continueRequest(id fetch.RequestID) {
	ctx, cancel := context.WithTimeout(h.b.ctx, 10*time.Second)
	defer cancel()
	_ = chromedp.Do(ctx, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, fetch.ContinueRequest, fetch.ContinueRequestParams{RequestID: id})
		return chromedp.Void{}, err
	})
}

// waitHeld waits until an image request to the attachments is held.
func (h *heldImages) waitHeld(t *testing.T, what string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for time.Now().Before(deadline) {
		h.mu.Lock()
		n := len(h.ids)
		h.mu.Unlock()
		if n > 0 {
			return
		}
		time.Sleep(20 * time.Millisecond)
	}
	t.Fatalf("waiting for %s: Chromium asked for no image", what)
}

// release lets the held requests go, and those to come, and stops holding.
func (h *heldImages) release() {
	h.mu.Lock()
	if h.released {
		h.mu.Unlock()
		return
	}
	h.released = true
	ids := h.ids
	h.ids = nil
	h.mu.Unlock()
	for _, id := range ids {
		h.continueRequest(id)
	}
	ctx, cancel := context.WithTimeout(h.b.ctx, 10*time.Second)
	defer cancel()
	_ = chromedp.Do(ctx, func(ctx context.Context, t *chromedp.Target) (chromedp.Void, error) {
		_, err := cdp.Call(ctx, t, fetch.Disable, cdp.Empty{})
		return chromedp.Void{}, err
	})
	h.cancel()
}
