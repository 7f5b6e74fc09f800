package switchboard

import "context"

// Preferences are an agent's own choices that follow them from browser to browser, because they
// are stored with the account: whether Switchboard plays a sound and shows a desktop
// notification for a new unassigned conversation or a customer's reply in one of theirs. (The
// browser's permission to show notifications stays with each browser.) The zero value is the
// default: no sound, no notifications.
type Preferences struct {
	Sound   bool `json:"sound"`
	Desktop bool `json:"desktop"`
}

// PreferencesUpdate changes some preferences; nil fields are left alone.
type PreferencesUpdate struct {
	Sound   *bool `json:"sound"`
	Desktop *bool `json:"desktop"`
}

// Apply sets the fields of u that are given on p.
func (u *PreferencesUpdate) Apply(p *Preferences) {
	if u.Sound != nil {
		p.Sound = *u.Sound
	}
	if u.Desktop != nil {
		p.Desktop = *u.Desktop
	}
}

// PreferencesService reads and changes the acting agent's own preferences; nobody else's are
// reachable, not even by an admin.
type PreferencesService interface {
	Preferences(ctx context.Context) (*Preferences, error)
	UpdatePreferences(ctx context.Context, u *PreferencesUpdate) (*Preferences, error)
}
