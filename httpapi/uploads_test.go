package httpapi_test

import (
	"bytes"
	"fmt"
	"io"
	"mime/multipart"
	"net/http"
	"net/textproto"
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/sqlstore"
	"github.com/switchboardhq/switchboard/sqlstore/sqltest"
)

// pngBytes is the start of a real PNG file, enough for content sniffing.
var pngBytes = append([]byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), bytes.Repeat([]byte{0}, 200)...)

// uploadFile posts one file as multipart/form-data.
func uploadFile(c *client, name, contentType string, data []byte) *resp {
	c.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	h := textproto.MIMEHeader{}
	h.Set("Content-Disposition", fmt.Sprintf(`form-data; name="file"; filename=%q`, name))
	h.Set("Content-Type", contentType)
	part, _ := mw.CreatePart(h)
	_, _ = part.Write(data)
	_ = mw.Close()
	return c.doHeaders("POST", "/api/v1/uploads", raw(body.String()), http.Header{"Content-Type": {mw.FormDataContentType()}})
}

// download fetches an attachment's bytes and headers.
func download(c *client, url string) (int, http.Header, []byte) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.a.url+url, nil)
	if c.token != "" {
		req.Header.Set("Authorization", "Bearer "+c.token)
	}
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, res.Header, b
}

func TestUploadsAndAttachments(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		w := newWorld(t, db)
		conv := fmt.Sprintf("/api/v1/conversations/%d", w.salesConv.ID)

		var pic, page switchboard.Upload
		uploadFile(w.ann, "../../photo of the parcel.png", "image/png", pngBytes).want(http.StatusCreated).into(&pic)
		if pic.Kind != "image" || pic.ContentType != "image/png" || pic.Size != int64(len(pngBytes)) || pic.Filename != "photo of the parcel.png" {
			t.Errorf("upload %+v", pic)
		}
		uploadFile(w.ann, "invoice.html", "text/html", []byte("<script>alert(1)</script>")).want(http.StatusCreated).into(&page)

		var m switchboard.Message
		w.ann.do("POST", conv+"/messages", map[string]any{"text": "Here it is", "attachment_ids": []int64{pic.ID, page.ID}}).
			want(http.StatusCreated).into(&m)
		if len(m.Attachments) != 2 || m.Kind != switchboard.KindMedia || !strings.HasPrefix(m.Attachments[0].URL, "/api/v1/attachments/") {
			t.Fatalf("message %+v", m)
		}

		t.Run("served with safe headers to those who see the conversation", func(t *testing.T) {
			status, h, body := download(w.ann, m.Attachments[0].URL)
			if status != 200 || !bytes.Equal(body, pngBytes) || h.Get("Content-Type") != "image/png" || !strings.HasPrefix(h.Get("Content-Disposition"), "inline") ||
				h.Get("X-Content-Type-Options") != "nosniff" {
				t.Errorf("picture: %d %v", status, h)
			}
			status, h, body = download(w.ann, m.Attachments[1].URL)
			if status != 200 || string(body) != "<script>alert(1)</script>" || h.Get("Content-Type") != "application/octet-stream" ||
				!strings.HasPrefix(h.Get("Content-Disposition"), "attachment") || !strings.Contains(h.Get("Content-Security-Policy"), "sandbox") {
				t.Errorf("an HTML file must download, never render: %d %v", status, h)
			}
			if status, _, _ := download(w.bob, m.Attachments[0].URL); status != 404 {
				t.Errorf("Bob, outside Sales, got %d", status)
			}
			if status, _, _ := download(w.ann, "/api/v1/attachments/99999"); status != 404 {
				t.Errorf("an unknown attachment answered %d", status)
			}
		})

		t.Run("the contact's shared files", func(t *testing.T) {
			var files struct{ Items []switchboard.ContactFile }
			w.ann.do("GET", fmt.Sprintf("/api/v1/contacts/%d/files", w.carla.ID), nil).want(http.StatusOK).into(&files)
			if len(files.Items) != 2 || files.Items[0].Filename != "invoice.html" || files.Items[0].ConversationID != w.salesConv.ID {
				t.Errorf("files %+v", files.Items)
			}
			// Carla writes only to Sales: to Bob, outside it, she does not exist.
			w.bob.do("GET", fmt.Sprintf("/api/v1/contacts/%d/files", w.carla.ID), nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
			w.ann.do("GET", fmt.Sprintf("/api/v1/contacts/%d/files?limit=0", w.carla.ID), nil).want(http.StatusOK)
			w.ann.do("GET", fmt.Sprintf("/api/v1/contacts/%d/files?limit=101", w.carla.ID), nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
			w.ann.do("GET", "/api/v1/contacts/99999/files", nil).wantError(http.StatusNotFound, switchboard.ENOTFOUND)
		})

		t.Run("an upload is used once, by its uploader", func(t *testing.T) {
			w.ann.do("POST", conv+"/messages", map[string]any{"text": "again", "attachment_ids": []int64{pic.ID}}).
				wantError(http.StatusBadRequest, switchboard.EINVALID)
			var mine switchboard.Upload
			uploadFile(w.admin, "a.png", "image/png", pngBytes).want(http.StatusCreated).into(&mine)
			w.ann.do("POST", conv+"/messages", map[string]any{"text": "not mine", "attachment_ids": []int64{mine.ID}}).
				wantError(http.StatusBadRequest, switchboard.EINVALID)
		})

		t.Run("bad files are refused", func(t *testing.T) {
			e := uploadFile(w.ann, "cat.png", "image/png", []byte("<html><body>not a picture</body></html>")).wantError(http.StatusBadRequest, switchboard.EINVALID)
			if e.Error.Fields["file"] == "" {
				t.Errorf("no field error: %+v", e)
			}
			uploadFile(w.ann, "empty.txt", "text/plain", nil).wantError(http.StatusBadRequest, switchboard.EINVALID)
			w.ann.do("POST", "/api/v1/uploads", map[string]string{"file": "x"}).wantError(http.StatusBadRequest, switchboard.EINVALID)
		})
	})
}

func TestUploadLimit(t *testing.T) {
	sqltest.Run(t, func(t *testing.T, db *sqlstore.DB) {
		srv := newServer(db, io.Discard)
		srv.MaxUploadBytes = 1 << 10
		a := newAPI(t, db, srv)
		admin := a.setup()
		uploadFile(admin, "big.bin", "application/octet-stream", bytes.Repeat([]byte("x"), 2<<10)).wantError(http.StatusRequestEntityTooLarge, switchboard.ETOOLARGE)
		uploadFile(admin, "huge.bin", "application/octet-stream", bytes.Repeat([]byte("x"), 200<<10)).wantError(http.StatusRequestEntityTooLarge, switchboard.ETOOLARGE)
		uploadFile(admin, "small.bin", "application/octet-stream", bytes.Repeat([]byte("x"), 1<<9)).want(http.StatusCreated)
	})
}
