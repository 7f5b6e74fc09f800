package switchboard

import (
	"fmt"
	"slices"
	"strings"
)

// Destination is a place an inbox's settings send requests to, with the secrets that go along:
// a provider's API address and its token, a mail server and the mailbox password. Secrets are
// write-only, so whoever may change settings must not be able to read one back by pointing the
// settings at a host of their own: moving where a secret goes requires entering it again (see
// SecretsMoved).
type Destination struct {
	// Field is the setting that names the place, as field errors name it ("settings.imap_host").
	Field string
	// URL is the place, written the same way each time so that an unchanged place compares
	// equal: "https://graph.facebook.com:443", "imaps://imap.example.com:993".
	URL string
	// Secrets are sent there; they must be entered again when URL changes.
	Secrets []string
	// Forget are secrets Switchboard obtained itself (an OAuth refresh token), which nobody can
	// enter again: they are removed when URL changes, and the inbox is connected again.
	Forget []string
}

// SecretsMoved checks an inbox update that changes its settings from before to after (each the
// connector's Destinations). Every secret that is set (in have) and would now be sent to a new
// place must be named in given (a new value, or "" to remove it); otherwise the update is
// EINVALID, with an error for each such secret. It returns the secrets to remove instead
// (Destination.Forget).
func SecretsMoved(before, after []Destination, have, given map[string]string) (forget []string, err error) {
	was := map[string]string{}
	for _, d := range before {
		was[d.Field] = d.URL
	}
	fields := map[string]string{}
	for _, d := range after {
		if u, ok := was[d.Field]; ok && u == d.URL {
			continue
		}
		field := strings.TrimPrefix(d.Field, "settings.")
		for _, s := range d.Secrets {
			_, set := have[s]
			_, entered := given[s]
			if set && !entered {
				fields["secrets."+s] = fmt.Sprintf("Enter this secret again: the change of %s sends it to a new place.", field)
			}
		}
		for _, s := range d.Forget {
			if _, set := have[s]; set {
				if _, entered := given[s]; !entered && !slices.Contains(forget, s) {
					forget = append(forget, s)
				}
			}
		}
	}
	if len(fields) > 0 {
		return nil, &Error{Code: EINVALID, Message: "The new settings send secrets to a new place: enter them again.", Fields: fields}
	}
	return forget, nil
}
