package webpush

import (
	"encoding/base64"
	"strings"
	"testing"
)

func b64(t *testing.T, s string) []byte {
	t.Helper()
	b, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// RFC 8291 Appendix A: the user agent's keys, its secret and the encrypted message.
const (
	rfcUAPrivate = "q1dXpw3UpT5VOmu_cf_v6ih07Aems3njxI-JWgLcM94"
	rfcAuth      = "BTBZMqHH6r4Tts7J_aSIgg"
	rfcBody      = "DGv6ra1nlYgDCS1FRnbzlwAAEABBBP4z9KsN6nGRTbVYI_c7VJSPQTBtkgcy27mlmlMoZIIgDll6e3vCYLocInmYWAmS6TlzAC8wEqKK6PBru3jl7A_yl95bQpu6cVPTpK4Mqgkf1CXztLVBSt2Ks3oZwbuwXPXLWyouBWLVWGNWQexSgSxsj_Qulcy4a-fN"
	rfcPlain     = "When I grow up, I want to be a watermelon"
)

func TestDecryptRFC8291Example(t *testing.T) {
	got, err := Decrypt(b64(t, rfcBody), b64(t, rfcUAPrivate), b64(t, rfcAuth))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != rfcPlain {
		t.Fatalf("decrypted %q, want %q", got, rfcPlain)
	}
}

func TestDecryptRefusesTampering(t *testing.T) {
	body := b64(t, rfcBody)
	for name, mutate := range map[string]func([]byte) []byte{
		"ciphertext byte": func(b []byte) []byte { b[len(b)-20] ^= 1; return b },
		"salt byte":       func(b []byte) []byte { b[0] ^= 1; return b },
		"truncated":       func(b []byte) []byte { return b[:len(b)-1] },
		"header only":     func(b []byte) []byte { return b[:86] },
	} {
		t.Run(name, func(t *testing.T) {
			b := mutate(append([]byte(nil), body...))
			if _, err := Decrypt(b, b64(t, rfcUAPrivate), b64(t, rfcAuth)); err == nil {
				t.Fatal("decrypted a tampered body")
			}
		})
	}
	wrongAuth := b64(t, rfcAuth)
	wrongAuth[0] ^= 1
	if _, err := Decrypt(body, b64(t, rfcUAPrivate), wrongAuth); err == nil || !strings.Contains(err.Error(), "decrypt") {
		t.Fatalf("decrypted with the wrong secret: %v", err)
	}
}
