package switchboard_test

import (
	"testing"

	"github.com/switchboardhq/switchboard"
)

func TestNormalizeSubject(t *testing.T) {
	for in, want := range map[string]string{"Re: RE: Fwd: Order  #42": "order #42", "AW: [EXTERNAL] Sv: Hello": "hello", "Order": "order", "": ""} {
		if got := switchboard.NormalizeSubject(in); got != want {
			t.Errorf("NormalizeSubject(%q) = %q, want %q", in, got, want)
		}
	}
}
