package secretbox

import (
	"bytes"
	"testing"
)

func TestSealOpen(t *testing.T) {
	b, err := New(NewKey())
	if err != nil {
		t.Fatal(err)
	}
	sealed := b.Seal([]byte(`{"token":"EAAG"}`), []byte("inbox:1"))
	if bytes.Contains([]byte(sealed), []byte("EAAG")) {
		t.Fatalf("sealed value leaks the plaintext: %s", sealed)
	}
	got, err := b.Open(sealed, []byte("inbox:1"))
	if err != nil || string(got) != `{"token":"EAAG"}` {
		t.Fatalf("Open = %q, %v", got, err)
	}
	if _, err := b.Open(sealed, []byte("inbox:2")); err != ErrOpen {
		t.Errorf("Open with other associated data: err = %v, want ErrOpen", err)
	}
	other, _ := New(NewKey())
	if _, err := other.Open(sealed, []byte("inbox:1")); err != ErrOpen {
		t.Errorf("Open with other key: err = %v, want ErrOpen", err)
	}
	if _, err := b.Open("not base64!", nil); err != ErrOpen {
		t.Errorf("Open garbage: err = %v, want ErrOpen", err)
	}
	if _, err := New([]byte("short")); err == nil {
		t.Error("New accepted a short key")
	}
}
