package switchboard

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// MinPasswordLength is the shortest password accepted, in characters.
const MinPasswordLength = 10

// MaxPasswordBytes is the longest password accepted, in bytes of UTF-8: bcrypt reads no further,
// so a longer password would be cut silently (and the bcrypt package refuses it outright). It is
// refused with a clear message rather than pre-hashed, so every stored hash stays plain bcrypt
// of what the person typed. 72 bytes are 72 letters of English, fewer with accents or emoji.
const MaxPasswordBytes = 72

// The messages of PasswordProblem, one per rule, so that a person learns what to change.
const (
	msgPasswordShort      = "Use at least 10 characters."
	msgPasswordLong       = "Use at most 72 bytes: 72 plain letters, fewer with accents or emoji."
	msgPasswordCommon     = "This is one of the most common passwords; choose another."
	msgPasswordRepetitive = "This password repeats or follows a sequence (like aaaa, abcabc or 12345); choose another."
	msgPasswordPersonal   = "Do not use your name or email address as your password."
)

// PasswordProblem says what is wrong with password for the agent with this email and name, or
// returns "" when it is acceptable. The rules follow NIST SP 800-63B: a minimum length, no
// composition rules, and a refusal of what attackers try first: the most common passwords (also
// with a few digits or symbols around them, with spaces, capitals or the usual letter-for-digit
// swaps such as p@ssw0rd), repetitions and sequences of characters or keyboard keys, and the
// agent's own name or email.
func PasswordProblem(password, email, name string) string {
	_, msg := passwordProblem(password, email, name)
	return msg
}

// passwordProblem is PasswordProblem with the problem's field code.
func passwordProblem(password, email, name string) (FieldCode, string) {
	switch {
	case utf8.RuneCountInString(password) < MinPasswordLength:
		return FieldCode{Code: FieldTooShort, Min: MinPasswordLength}, msgPasswordShort
	case len(password) > MaxPasswordBytes:
		return FieldCode{Code: FieldPasswordTooLong, Max: MaxPasswordBytes}, msgPasswordLong
	}
	whole := foldPassword(password)
	candidates := []string{whole}
	// A weak word with a few digits or symbols around it is as weak as the word: "Password1!",
	// "2024summer".
	if core, affix := trimPasswordAffixes(whole); core != whole && core != "" && weakAffix(affix) {
		candidates = append(candidates, core)
	}
	for _, c := range candidates {
		if repetitive(c) || sequential(c) {
			return FieldCode{Code: FieldPasswordRepetitive}, msgPasswordRepetitive
		}
	}
	for _, c := range candidates {
		if commonPasswords[c] || commonPasswords[unleet(c)] {
			return FieldCode{Code: FieldPasswordCommon}, msgPasswordCommon
		}
	}
	if personal(candidates, email, name) {
		return FieldCode{Code: FieldPasswordPersonal}, msgPasswordPersonal
	}
	return FieldCode{}, ""
}

// ValidatePassword returns an EINVALID error naming the field "password" when PasswordProblem
// finds one, else nil.
func ValidatePassword(password, email, name string) error {
	var v Validator
	checkPassword(&v, password, email, name)
	return v.Err()
}

// checkPassword records PasswordProblem's answer against the field "password".
func checkPassword(v *Validator, password, email, name string) {
	code, msg := passwordProblem(password, email, name)
	v.CheckCode(msg == "", "password", code, msg)
}

// foldPassword lower-cases a password and drops its white space, so "Pass Word" is "password".
func foldPassword(s string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsSpace(r) {
			return -1
		}
		return unicode.ToLower(r)
	}, s)
}

// trimPasswordAffixes splits off the digits and symbols at both ends of s, returning what is
// left and what was cut off.
func trimPasswordAffixes(s string) (core, affix string) {
	notLetter := func(r rune) bool { return !unicode.IsLetter(r) }
	core = strings.TrimRightFunc(strings.TrimLeftFunc(s, notLetter), notLetter)
	i := strings.Index(s, core)
	return core, s[:i] + s[i+len(core):]
}

// weakAffix reports whether digits and symbols added to a word add little: five or fewer, or a
// repetition or sequence of their own ("2024!", "!!!", "123456").
func weakAffix(a string) bool {
	return utf8.RuneCountInString(a) <= 5 || repetitive(a) || sequential(a)
}

// repetitive reports whether s is made of fewer than four different characters ("aaaaaaaaaa",
// "ababab12") or of one piece said again ("abcabcabc", "passwordpassword").
func repetitive(s string) bool {
	r := []rune(s)
	distinct := map[rune]bool{}
	for _, c := range r {
		distinct[c] = true
	}
	if len(distinct) < 4 {
		return true
	}
	for period := 1; period <= len(r)/2; period++ {
		same := true
		for i := period; i < len(r) && same; i++ {
			same = r[i] == r[i-period]
		}
		if same {
			return true
		}
	}
	return false
}

// passwordSequences are runs of keys that people type as passwords: the alphabet, the digits
// (with 0 after 9 as on a keyboard) and the rows of a QWERTY keyboard, read across and down.
var passwordSequences = []string{
	"abcdefghijklmnopqrstuvwxyz",
	"01234567890123456789",
	"qwertyuiopasdfghjklzxcvbnm",
	"1234567890qwertyuiop",
	"qwertzuiopasdfghjklyxcvbnm",
	"azertyuiopqsdfghjklmwxcvbn",
	"1qaz2wsx3edc4rfv5tgb6yhn7ujm8ik9ol0p",
	"qazwsxedcrfvtgbyhnujmikolp",
	"!@#$%^&*()_+",
}

// sequential reports whether s (of at least three characters) is a run of one of
// passwordSequences, forwards or backwards: "1234567890", "qwertyuiop", "zyxwvuts".
func sequential(s string) bool {
	if utf8.RuneCountInString(s) < 3 {
		return false
	}
	for _, seq := range passwordSequences {
		if strings.Contains(seq, s) || strings.Contains(seq, reverse(s)) {
			return true
		}
	}
	return false
}

func reverse(s string) string {
	r := []rune(s)
	for i, j := 0, len(r)-1; i < j; i, j = i+1, j-1 {
		r[i], r[j] = r[j], r[i]
	}
	return string(r)
}

// unleet undoes the letter-for-digit swaps that fool no attacker: p@ssw0rd is password.
var unleet = strings.NewReplacer("@", "a", "4", "a", "3", "e", "1", "i", "!", "i", "0", "o", "$", "s", "5", "s", "7", "t").Replace

// personal reports whether any candidate is the agent's email, the part of it before the @, their
// name or one of its words (of three letters or more), or whether the password holds the whole
// email address.
func personal(candidates []string, email, name string) bool {
	email = foldPassword(email)
	var own []string
	if email != "" {
		local, _, _ := strings.Cut(email, "@")
		own = append(own, email, local, strings.NewReplacer(".", "", "_", "", "-", "", "+", "").Replace(local))
	}
	if n := foldPassword(name); n != "" {
		own = append(own, n)
	}
	for _, w := range strings.Fields(strings.ToLower(name)) {
		if utf8.RuneCountInString(w) >= 3 {
			own = append(own, w)
		}
	}
	for _, c := range candidates {
		for _, o := range own {
			if c == o {
				return true
			}
		}
	}
	return email != "" && strings.Contains(candidates[0], email)
}
