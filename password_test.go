package switchboard_test

import (
	"strings"
	"testing"

	"github.com/switchboardhq/switchboard"
)

func TestPasswordProblem(t *testing.T) {
	const email, name = "ada.lovelace@team.test", "Ada Lovelace"
	long := "the quick brown fox jumps over the lazy dog while ada reads the inbox!!!"
	if len(long) != switchboard.MaxPasswordBytes {
		t.Fatalf("len(long) = %d", len(long))
	}
	accepted := []string{
		// The passwords of the README, the demo, the benchmark and the tests.
		"a long password", "demo password", "bench password", "correct horse battery", "long enough password",
		"another long one", "a brand new secret", "reset by admin",
		// A common word with many random digits around it, accents, a sentence, 72 bytes.
		"dragon48291736", "Tr0ub4dor&3 staple", "ëëë ñandú ßüß", "9 lives of Ada's cat", "summer in lisbon, 1999 edition", long,
	}
	for _, p := range accepted {
		if got := switchboard.PasswordProblem(p, email, name); got != "" {
			t.Errorf("PasswordProblem(%q) = %q, want it accepted", p, got)
		}
	}

	refused := []struct {
		password, why string
	}{
		{"", "at least 10"},
		{"short", "at least 10"},
		{"ëëëëëëëëë", "at least 10"}, // nine characters, eighteen bytes: characters count
		{strings.Repeat("é", 37), "at most 72 bytes"},
		{"a" + strings.Repeat("bcdef", 14) + "gh", "at most 72 bytes"}, // 73 bytes
		{"password1234", "most common"},
		{"Password123!", "most common"},
		{"P@ssw0rd2024", "most common"},
		{"2024 Summer!", "most common"},
		{"I Love You!!", "most common"},
		{"iloveyou123456", "most common"}, // a sequence is a weak suffix, however long
		{"qwertyuiop", "sequence"},
		{"1234567890", "sequence"},
		{"0987654321", "sequence"},
		{"abcdefghijk", "sequence"},
		{"zyxwvutsrqp", "sequence"},
		{"1qaz2wsx3edc", "sequence"},
		{"aaaaaaaaaa", "repeats"},
		{"abcabcabcabc", "repeats"},
		{"ababab1212", "repeats"},
		{"passwordpassword", "repeats"},
		{strings.Repeat("xy1z", 18), "repeats"},
		{"abc1234567890", "sequence"},
		{"ada.lovelace@team.test", "name or email"},
		{"Ada.Lovelace2024", "name or email"},
		{"adalovelace!!", "name or email"},
		{"Lovelace1815", "name or email"},
		{"Ada Lovelace", "name or email"},
		{"my ada.lovelace@team.test", "name or email"},
		{"switchboard1", "most common"},
	}
	for _, c := range refused {
		got := switchboard.PasswordProblem(c.password, email, name)
		if !strings.Contains(got, c.why) {
			t.Errorf("PasswordProblem(%q) = %q, want it refused with %q", c.password, got, c.why)
		}
	}
}

func TestValidatePasswordNamesTheField(t *testing.T) {
	err := switchboard.ValidatePassword("1234567890", "ada@team.test", "Ada")
	if switchboard.ErrorCode(err) != switchboard.EINVALID || switchboard.ErrorFields(err)["password"] == "" {
		t.Fatalf("ValidatePassword = %v, want EINVALID naming password", err)
	}
	if err := switchboard.ValidatePassword("a long password", "ada@team.test", "Ada"); err != nil {
		t.Fatalf("ValidatePassword(a long password) = %v", err)
	}
	// A password over bcrypt's 72 bytes is a field error, not a failure of the server.
	c := &switchboard.AgentCreate{Name: "Ada", Email: "ada@team.test", Password: strings.Repeat("long password ", 6)}
	c.Normalize()
	if f := switchboard.ErrorFields(c.Validate()); !strings.Contains(f["password"], "72 bytes") {
		t.Fatalf("AgentCreate.Validate with 84 bytes: fields %v", f)
	}
}
