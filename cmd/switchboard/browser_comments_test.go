//go:build ui

package main

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/cdp"
	"github.com/chromedp/cdproto/page"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/switchboardhq/switchboard/channel/instagram"
	"github.com/switchboardhq/switchboard/emulator/meta"
)

// TestBrowserComments drives comments under an Instagram post in Chromium, through the Graph API
// emulator and the real webhook: the comment conversation shows the post above the thread (its
// picture, kind, caption and link) and the comment tree, the business's comment from Instagram's
// app as an external agent's; the agent answers the latest comment publicly (POST
// /{comment-id}/replies), then privately (the Send API with recipient.comment_id), after which
// the private choice is off for that comment ("Already answered privately"), as for a comment
// older than 7 days (the browser's clock moved on); the customer's answer in direct messages links both conversations; the
// admin hides a comment, with its milestone live. On both engines; at 1440, 1024 (dark) and 390 px,
// audited for accessibility.
func TestBrowserComments(t *testing.T) {
	for _, engine := range []string{"sqlite", "postgres"} {
		t.Run(engine, func(t *testing.T) {
			w := newInstagram(t, engineURL(t, engine), instagram.HostInstagram, false)
			emu := w.emu
			const igsid, name = "6001002003004005", "anna.r"
			caption := "Summer drop: the linen dress in blue, sand and olive. Sizes XS to XXL, shipping worldwide.\n" +
				"Tap the link in our bio to order, or ask us anything below.\n#linen #summer #madeinportugal"
			emu.AddPost("17900000000001801", "FEED", caption, storyPicture(), "image/png")

			// A comment of 8 days ago (the emulator's clock, which dates the webhook, moved back),
			// two fresh ones, and the business's answer to the first of those from Instagram's app.
			emu.Now = func() time.Time { return time.Now().Add(-8 * 24 * time.Hour) }
			w.deliver(t, emu.CustomerComment(igsid, name, "17900000000002000", "17900000000001801", "Is it real linen?"))
			emu.Now = nil
			w.deliver(t, emu.CustomerComment(igsid, name, "17900000000002001", "17900000000001801", "Does it come in blue?"))
			w.deliver(t, emu.CustomerComment(igsid, name, "17900000000002002", "17900000000001801", "And is XL in stock?"))
			w.deliver(t, emu.BusinessComment("17900000000002003", "17900000000002001", "It does, in three blues!"))

			ada := session(t, w.a.base)
			signedInAs(ada, w.a)
			// The browser's clock, moved by the test (test.clockShift, in milliseconds) as the
			// private reply's countdown needs.
			ada.do(func(ctx context.Context, tg *chromedp.Target) (chromedp.Void, error) {
				_, err := cdp.Call(ctx, tg, page.AddScriptToEvaluateOnNewDocument, page.AddScriptToEvaluateOnNewDocumentParams{
					Source: `{ const real = Date.now; Date.now = () => real() + Number(localStorage.getItem("test.clockShift") || 0); }`})
				return chromedp.Void{}, err
			})
			shift := func(d time.Duration) {
				eval[bool](ada, fmt.Sprintf(`(localStorage.setItem("test.clockShift", "%d"), true)`, d.Milliseconds()))
			}
			open := func() {
				t.Helper()
				ada.open("/inbox?view=all")
				ada.click(".row", "Comment")
				ada.waitText(`[data-testid="post-head"]`, "Summer drop")
			}
			open()
			// The post: its picture (fetched by the post job), kind, link, and caption clamped.
			ada.waitText(`[data-testid="post-head"] .post-kind`, "Post")
			ada.wait("the post's picture", `(i => i && i.complete && i.naturalWidth === 180)(document.querySelector(".post-head img"))`)
			link := eval[map[string]string](ada, `(a => ({href: a.href, target: a.target, rel: a.rel, text: a.textContent}))(document.querySelector(".post-head a.post-link"))`)
			if link["href"] != "https://www.instagram.com/p/17900000000001801/" || link["target"] != "_blank" || link["rel"] != "noopener noreferrer" || !strings.Contains(link["text"], "View on Instagram") {
				t.Errorf("the post's link: %v", link)
			}
			ada.click(".post-head button", "Show more")
			ada.waitText(".post-head button", "Show less")
			// The tree: the business's answer under the comment it answers.
			ada.waitText(".bubble.out.comment-answer", "It does, in three blues!")
			ada.waitText(".bubble.out.comment-answer .bubble-author", "External agent")
			if eval[bool](ada, `!!document.querySelector('[data-testid="window-bar"]')`) {
				t.Error("a comment conversation shows the reply window")
			}
			if eval[bool](ada, `!!document.querySelector('.composer button[aria-label="Attach files"]')`) {
				t.Error("the composer offers files in a comment conversation")
			}

			// The latest comment is answered by default; a private reply is possible for 7 days.
			ada.waitText(`[data-testid="comment-bar"]`, "Answering the latest comment, by "+name)
			ada.waitText(`[data-testid="comment-bar"]`, "And is XL in stock?")
			ada.waitText(`[data-testid="private-state"]`, "Private reply possible for 6d 23h")
			ada.typeIn(".composer textarea", "Yes, XL is in stock!\r")
			ada.waitText(".bubble.out.comment-answer", "Yes, XL is in stock!")
			if s := sentKind(t, emu, meta.SentPublicReply); s.Kind != meta.SentPublicReply || !strings.HasSuffix(s.Path, "/17900000000002002/replies") || s.Body["message"] != "Yes, XL is in stock!" {
				t.Errorf("the public reply went out as %s %s %v", s.Kind, s.Path, s.Body)
			}

			// Privately, by keyboard: the Private reply choice, then the text.
			eval[bool](ada, `(document.querySelector('.comment-visibility input[value="public"]').focus(), true)`)
			ada.press(kb.ArrowRight)
			ada.wait("the private choice", `document.querySelector('.comment-visibility input[value="private"]').checked`)
			ada.wait("the private placeholder", `document.querySelector(".composer textarea").placeholder.includes("private message")`)
			ada.typeIn(".composer textarea", "I sent you our size guide.\r")
			ada.waitText(".bubble.out", "I sent you our size guide.")
			ada.waitText(".bubble.out .comment-badge", "Sent privately")
			if s := sentKind(t, emu, meta.SentPrivateReply); s.Kind != meta.SentPrivateReply || s.Text() != "I sent you our size guide." || fmt.Sprint(s.Body["recipient"]) != "map[comment_id:17900000000002002]" {
				t.Errorf("the private reply went out as %s %v", s.Kind, s.Body)
			}
			ada.waitText(`[data-testid="private-state"]`, "Already answered privately")
			if !eval[bool](ada, `document.querySelector('.comment-visibility input[value="private"]').disabled`) {
				t.Error("the private choice stays on once the comment was answered privately")
			}
			// A comment chosen by its Reply button: the one of 8 days ago cannot be answered
			// privately any more, the next one still can.
			chooseComment(ada, "Is it real linen?")
			ada.waitText(`[data-testid="comment-bar"]`, "Answering "+name+": Is it real linen?")
			ada.waitText(`[data-testid="private-state"]`, "Older than 7 days")
			if !eval[bool](ada, `document.querySelector('.comment-visibility input[value="private"]').disabled`) {
				t.Error("the private choice is on for a comment older than 7 days")
			}
			chooseComment(ada, "Does it come in blue?")
			ada.waitText(`[data-testid="comment-bar"]`, "Answering "+name+": Does it come in blue?")
			ada.waitText(`[data-testid="private-state"]`, "Private reply possible for 6d 23h")
			ada.click(`.comment-target button[aria-label="Cancel"]`, "")
			ada.waitText(`[data-testid="comment-bar"]`, "Answering the latest comment")

			// The customer answers in direct messages: both conversations name each other.
			w.deliver(t, emu.Text(igsid, "m_ANSWER", "Thanks! Is M too small for 1.70 m?", time.Time{}))
			ada.waitText(`[data-testid="linked-conversation"]`, "Continued in direct messages")
			ada.waitText(".milestone", "the conversation goes on in direct messages")
			ada.click(`[data-testid="linked-conversation"]`, "")
			ada.waitText(".bubble.in", "Is M too small for 1.70 m?")
			ada.waitText(`[data-testid="linked-conversation"]`, "Started from a comment")
			ada.click(`[data-testid="linked-conversation"]`, "")
			ada.waitText(`[data-testid="post-head"]`, "Summer drop")

			// Moderation: the admin hides the latest comment; the milestone comes live.
			hideMenu := `.bubble.in:not(.comment-hidden) button[aria-label="Comment actions"]`
			ada.wait("the comment menus", fmt.Sprintf(`document.querySelectorAll(%s).length === 3`, js(hideMenu)))
			eval[bool](ada, fmt.Sprintf(`([...document.querySelectorAll(%s)].at(-1).click(), true)`, js(hideMenu)))
			ada.click(`.comment-menu button`, "Hide")
			ada.waitText(".bubble.in.comment-hidden .comment-badge", "Hidden")
			ada.waitText(".milestone", "Ada hid a comment")
			if s := sentKind(t, emu, meta.SentHide); s.Kind != meta.SentHide || !strings.HasSuffix(s.Path, "/17900000000002002") {
				t.Errorf("the hide went out as %s %s", s.Kind, s.Path)
			}
			if c, _ := emu.Comment("17900000000002002"); !c.Hidden {
				t.Error("the emulator's comment is not hidden")
			}

			// The list tells comments from direct messages.
			ada.open("/inbox?view=all")
			ada.waitText(".row .row-comment", "Comment")
			if n := eval[int](ada, `document.querySelectorAll(".row .row-comment").length`); n != 1 {
				t.Errorf("%d rows marked as comments, want 1", n)
			}

			// Show again, and delete the business's comment (asked once more).
			open()
			ada.click(`.bubble.in.comment-hidden button[aria-label="Comment actions"]`, "")
			ada.click(`.comment-menu button`, "Show again")
			ada.waitText(".milestone", "Ada showed a hidden comment again")
			ada.gone(".bubble.in.comment-hidden", "")
			ada.click(`.bubble.out.comment-answer button[aria-label="Comment actions"]`, "")
			ada.click(`.comment-menu button`, "Delete")
			ada.waitText(".modal", "It is deleted from the post on Instagram, for everyone.")
			ada.click(".modal button", "Delete")
			ada.waitText(".bubble.out.comment-removed .comment-badge", "Deleted")
			ada.waitText(".milestone", "Ada deleted a comment from the post")
			if s := sentKind(t, emu, meta.SentDelete); !strings.HasSuffix(s.Path, "/17900000000002003") {
				t.Errorf("the delete went out as %s", s.Path)
			}

			// The server is the authority: with the browser's clock two days late, the comment of
			// 8 days ago looks answerable privately, and the server's refusal shows.
			shift(-2 * 24 * time.Hour)
			open()
			chooseComment(ada, "Is it real linen?")
			ada.waitText(`[data-testid="private-state"]`, "Private reply possible for 23h")
			ada.click(".comment-visibility label", "Private reply")
			ada.wait("the private choice", `document.querySelector('.comment-visibility input[value="private"]').checked`)
			ada.typeIn(".composer textarea", "Yes, 100% linen.\r")
			ada.waitText(".composer .form-error", "more than 7 days old")
			if eval[bool](ada, `document.querySelector(".thread-pane .messages").textContent.includes("100% linen")`) {
				t.Error("a refused private reply shows in the thread")
			}

			// Seven days and an hour later (the browser's clock moved on), the fresh comments can
			// no longer be answered privately either.
			shift((7*24 + 1) * time.Hour)
			open()
			chooseComment(ada, "Does it come in blue?")
			ada.waitText(`[data-testid="private-state"]`, "Older than 7 days")

			if engine != "sqlite" {
				return
			}
			for _, size := range widths {
				t.Run(fmt.Sprint(size.w), func(t *testing.T) {
					ada.t = t
					ada.viewport(size.w, size.h)
					ada.theme(size.w)
					open()
					ada.waitText(`[data-testid="private-state"]`, "Already answered privately")
					ada.shot(fmt.Sprintf("comments-%d", size.w))
					ada.audit(fmt.Sprintf("comments-%d", size.w))
					chooseComment(ada, "Does it come in blue?")
					ada.waitText(`[data-testid="private-state"]`, "Older than 7 days")
					ada.shot(fmt.Sprintf("comments-old-%d", size.w))
				})
			}
		})
	}
}

// sentKind waits for the emulator's first call of a kind (meta.SentPublicReply, …) and returns it.
func sentKind(t *testing.T, emu *meta.Server, kind string) *meta.Sent {
	t.Helper()
	for deadline := time.Now().Add(15 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		for _, s := range emu.Sent() {
			if s.Kind == kind {
				return s
			}
		}
	}
	t.Fatalf("the emulator had no %s call", kind)
	return nil
}

// chooseComment clicks the Reply button of the customer's comment that shows text.
func chooseComment(b *tab, text string) {
	b.t.Helper()
	b.waitText(".bubble.in", text)
	eval[bool](b, fmt.Sprintf(`((%s).querySelector('button[aria-label="Reply to this message"]').click(), true)`, findExpr(".bubble.in", text)))
}
