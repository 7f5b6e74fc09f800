package sqlstore_test

import (
	"bytes"
	"image"
	"image/color"
	pngenc "image/png"
	"io"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

func picture(c color.Color) []byte {
	img := image.NewRGBA(image.Rect(0, 0, 2, 2))
	img.Set(0, 0, c)
	var b bytes.Buffer
	_ = pngenc.Encode(&b, img)
	return b.Bytes()
}

// TestContactPictures: a provider's picture of a contact is kept and becomes their avatar, served
// to those who see the contact only; a new one replaces it at a new address; what is not an
// image is refused with nothing changed; an avatar someone chose stays.
func TestContactPictures(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		w.start(t, w.annCtx, w.inbox1, w.carla, "hello")
		red, blue := picture(color.RGBA{R: 255, A: 255}), picture(color.RGBA{B: 255, A: 255})
		if err := db.SetContactPicture(w.annCtx, w.carla.ID, "image/png", bytes.NewReader(red)); switchboard.ErrorCode(err) != switchboard.EFORBIDDEN {
			t.Errorf("an agent set a picture: %v", err)
		}
		if err := db.SetContactPicture(w.sys, w.carla.ID, "image/png", bytes.NewReader(red)); err != nil {
			t.Fatal(err)
		}
		c, err := db.FindContactByID(w.annCtx, w.carla.ID)
		if err != nil || !strings.HasPrefix(c.AvatarURL, "/api/v1/contacts/") {
			t.Fatalf("avatar %q, %v", c.AvatarURL, err)
		}
		ct, f, err := db.OpenContactPicture(w.annCtx, w.carla.ID)
		if err != nil {
			t.Fatal(err)
		}
		got, _ := io.ReadAll(f)
		f.Close()
		if ct != "image/png" || !bytes.Equal(got, red) {
			t.Errorf("picture %s, %d bytes", ct, len(got))
		}
		_, _, err = db.OpenContactPicture(w.bobCtx, w.carla.ID) // Bob sees neither the inbox nor Carla
		wantCode(t, err, switchboard.ENOTFOUND)

		if err := db.SetContactPicture(w.sys, w.carla.ID, "image/png", strings.NewReader("<html><script>alert(1)</script></html>")); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("a web page kept as a picture: %v", err)
		}
		if err := db.SetContactPicture(w.sys, w.carla.ID, "image/svg+xml", strings.NewReader(`<svg xmlns="http://www.w3.org/2000/svg"></svg>`)); switchboard.ErrorCode(err) != switchboard.EINVALID {
			t.Errorf("an SVG kept as a picture: %v", err)
		}
		if same, _ := db.FindContactByID(w.annCtx, w.carla.ID); same.AvatarURL != c.AvatarURL {
			t.Errorf("a refused picture changed the avatar to %q", same.AvatarURL)
		}
		if err := db.SetContactPicture(w.sys, w.carla.ID, "image/png", bytes.NewReader(blue)); err != nil {
			t.Fatal(err)
		}
		if now, _ := db.FindContactByID(w.annCtx, w.carla.ID); now.AvatarURL == c.AvatarURL {
			t.Error("a new picture kept the old address")
		}
		_, f, _ = db.OpenContactPicture(w.annCtx, w.carla.ID)
		got, _ = io.ReadAll(f)
		f.Close()
		if !bytes.Equal(got, blue) {
			t.Error("the new picture is not served")
		}

		own := "https://example.com/dino.png"
		if _, err := db.UpdateContact(w.adminCtx, w.dino.ID, &switchboard.ContactInput{AvatarURL: &own}); err != nil {
			t.Fatal(err)
		}
		if err := db.SetContactPicture(w.sys, w.dino.ID, "image/png", bytes.NewReader(red)); err != nil {
			t.Fatal(err)
		}
		if d, _ := db.FindContactByID(w.adminCtx, w.dino.ID); d.AvatarURL != own {
			t.Errorf("the chosen avatar became %q", d.AvatarURL)
		}
		_, _, err = db.OpenContactPicture(w.adminCtx, w.dino.ID)
		wantCode(t, err, switchboard.ENOTFOUND)

		if err := db.DeleteContact(w.adminCtx, w.carla.ID); err != nil {
			t.Fatal(err)
		}
		_, _, err = db.OpenContactPicture(w.adminCtx, w.carla.ID)
		wantCode(t, err, switchboard.ENOTFOUND)
	})
}
