package contacts

import (
	"context"
	"strings"

	"github.com/switchboardhq/switchboard"
)

var _ switchboard.IdentityLinker = (*Service)(nil)

// LinkVerified merges a verified web visitor's contact into the one contact that holds the
// email or phone number the visitor's site verified (as its field or an identity), as the
// identity linking: the merge is recorded like any other and an admin can undo it. Exactly one
// contact must hold it: with none there is nobody to link to, with two or more the site's word
// does not say which one is the person (they stay suggestions). Addresses a visitor typed,
// unverified, are never looked at: a candidate that matches only through one is no holder.
func (s *Service) LinkVerified(ctx context.Context, contactID int64, email, phone string) (*switchboard.ContactMerge, error) {
	var phones, emails []string
	if k := PhoneKey(phone); k != "" {
		phones = append(phones, k)
	}
	if k := EmailKey(email); k != "" {
		emails = append(emails, k)
	}
	if len(phones) == 0 && len(emails) == 0 {
		return nil, nil
	}
	ctx = switchboard.NewAutomationContext(ctx, switchboard.IdentityLinkingActor())
	cands, err := s.Store.MergeCandidates(ctx, contactID, phones, emails, "", candidateLimit)
	if err != nil {
		return nil, err
	}
	var holder *switchboard.Contact
	for _, c := range cands {
		if !holds(c, phones, emails) {
			continue
		}
		if siteUser(c) {
			// Another user of a site, proven so: the site itself tells the two apart.
			return nil, nil
		}
		if holder != nil {
			return nil, nil // two contacts hold it: which one is the person is not the site's to say
		}
		holder = c
	}
	if holder == nil {
		return nil, nil
	}
	if dismissed, err := s.Store.DismissedWith(ctx, contactID, []int64{holder.ID}); err != nil {
		return nil, err
	} else if dismissed[holder.ID] {
		return nil, nil // someone said they are not the same person
	}
	return s.MergeContacts(ctx, holder.ID, contactID)
}

// holds reports whether c has one of the phone numbers or email addresses as its own (field or
// identity), not merely as one a web visitor typed.
func holds(c *switchboard.Contact, phones, emails []string) bool {
	mine := map[string]bool{PhoneKey(c.Phone): true, EmailKey(c.Email): true}
	for _, i := range c.Identities {
		switch i.Kind {
		case switchboard.IdentityPhone:
			mine[PhoneKey(i.ExternalID)] = true
		case switchboard.IdentityEmail:
			mine[EmailKey(i.ExternalID)] = true
		}
	}
	delete(mine, "")
	for _, k := range append(append([]string{}, phones...), emails...) {
		if mine[k] {
			return true
		}
	}
	return false
}

// siteUser reports whether c is a user a site proved (a web identity "user:…").
func siteUser(c *switchboard.Contact) bool {
	for _, i := range c.Identities {
		if i.Kind == switchboard.IdentityWeb && strings.HasPrefix(i.ExternalID, switchboard.VisitorUserIdentity("")) {
			return true
		}
	}
	return false
}
