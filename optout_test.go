package switchboard

import "testing"

func TestKeywordConsent(t *testing.T) {
	stop, start := []string{"STOP", "QUIT"}, []string{"START"}
	for text, want := range map[string]Consent{"STOP": ConsentOptOut, " stop\n": ConsentOptOut, "Quit": ConsentOptOut, "start": ConsentOptIn,
		"Stop please": "", "please stop": "", "": "", "STOPP": ""} {
		if got := KeywordConsent(text, stop, start); got != want {
			t.Errorf("KeywordConsent(%q) = %q, want %q", text, got, want)
		}
	}
}
