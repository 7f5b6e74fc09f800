package contacts

import (
	"context"
	"fmt"

	"github.com/switchboardhq/switchboard"
)

// candidateLimit bounds the contacts looked at for one contact's duplicates.
const candidateLimit = 50

// Service finds duplicates and merges contacts; the store persists (see
// switchboard.ContactMergeStore).
type Service struct {
	Contacts switchboard.ContactService
	Store    switchboard.ContactMergeStore
}

var _ switchboard.ContactMergeService = (*Service)(nil)

// SuggestMerges lists the likely duplicates of a contact the actor sees, surest first.
func (s *Service) SuggestMerges(ctx context.Context, contactID int64) ([]*switchboard.MergeSuggestion, error) {
	c, err := s.Contacts.FindContactByID(ctx, contactID)
	if err != nil {
		return nil, err
	}
	return s.suggest(ctx, c)
}

func (s *Service) suggest(ctx context.Context, c *switchboard.Contact) ([]*switchboard.MergeSuggestion, error) {
	phones, emails, name := Keys(c)
	if len(phones) == 0 && len(emails) == 0 && name == "" {
		return []*switchboard.MergeSuggestion{}, nil
	}
	cands, err := s.Store.MergeCandidates(ctx, c.ID, phones, emails, name, candidateLimit)
	if err != nil {
		return nil, err
	}
	out := []*switchboard.MergeSuggestion{}
	sugg := Suggest(c, cands)
	if len(sugg) == 0 {
		return out, nil
	}
	others := make([]int64, len(sugg))
	for i, sg := range sugg {
		others[i] = sg.Other.ID
	}
	dismissed, err := s.Store.DismissedWith(ctx, c.ID, others)
	if err != nil {
		return nil, err
	}
	for _, sg := range sugg {
		if !dismissed[sg.Other.ID] {
			out = append(out, sg)
		}
	}
	return out, nil
}

// DismissSuggestion records that two contacts are not the same person (see
// ContactMergeStore).
func (s *Service) DismissSuggestion(ctx context.Context, contactID, otherID int64) error {
	return s.Store.DismissSuggestion(ctx, contactID, otherID)
}

// ReviewSuggestions walks the address book a page at a time, newest first, and lists each
// likely pair once (from its newer contact). Admins and supervisors only.
func (s *Service) ReviewSuggestions(ctx context.Context, cursor string, limit int) (*switchboard.SuggestionPage, error) {
	a, ok := switchboard.ActorFromContext(ctx)
	if !ok || !a.SeesAll() {
		return nil, &switchboard.Error{Code: switchboard.EFORBIDDEN, Message: "Only admins and supervisors review duplicates."}
	}
	page, err := s.Contacts.FindContacts(ctx, switchboard.ContactFilter{Cursor: cursor, Limit: limit})
	if err != nil {
		return nil, err
	}
	out := &switchboard.SuggestionPage{Items: []*switchboard.MergeSuggestion{}, NextCursor: page.NextCursor}
	for _, c := range page.Items {
		sugg, err := s.suggest(ctx, c)
		if err != nil {
			return nil, err
		}
		for _, sg := range sugg {
			if older, _ := Older(c, sg.Other); older.ID == sg.Other.ID {
				sg.Contact = c
				out.Items = append(out.Items, sg)
			}
		}
	}
	return out, nil
}

// PreviewMerge shows what merging otherID into survivorID would make.
func (s *Service) PreviewMerge(ctx context.Context, survivorID, otherID int64) (*switchboard.MergePreview, error) {
	surv, other, plan, err := s.plan(ctx, survivorID, otherID)
	if err != nil {
		return nil, err
	}
	convs, err := s.Store.ContactConversationIDs(ctx, otherID)
	if err != nil {
		return nil, err
	}
	result := *surv
	result.Name, result.Email, result.Phone, result.AvatarURL, result.Language = plan.Name, plan.Email, plan.Phone, plan.AvatarURL, plan.Language
	result.Attributes, result.Labels = plan.Attributes, plan.Labels
	result.Identities = append(append([]*switchboard.Identity{}, surv.Identities...), other.Identities...)
	from := plan.FromOther
	if from == nil {
		from = []string{}
	}
	return &switchboard.MergePreview{SurvivorID: survivorID, OtherID: otherID, Result: &result, FromOther: from,
		Identities: other.Identities, Conversations: convs}, nil
}

// MergeContacts merges otherID into survivorID, as PlanMerge decides.
func (s *Service) MergeContacts(ctx context.Context, survivorID, otherID int64) (*switchboard.ContactMerge, error) {
	_, _, plan, err := s.plan(ctx, survivorID, otherID)
	if err != nil {
		return nil, err
	}
	return s.Store.ApplyMerge(ctx, plan)
}

func (s *Service) plan(ctx context.Context, survivorID, otherID int64) (surv, other *switchboard.Contact, p *switchboard.MergePlan, err error) {
	if survivorID == otherID {
		return nil, nil, nil, &switchboard.Error{Code: switchboard.EINVALID, Message: "A contact cannot be merged with itself.",
			Fields: map[string]string{"other_id": "Choose another contact."}}
	}
	if surv, err = s.Contacts.FindContactByID(ctx, survivorID); err != nil {
		return nil, nil, nil, err
	}
	if other, err = s.Contacts.FindContactByID(ctx, otherID); err != nil {
		return nil, nil, nil, err
	}
	if p, err = PlanMerge(surv, other); err != nil {
		return nil, nil, nil, fmt.Errorf("plan merge of %d into %d: %w", otherID, survivorID, err)
	}
	return surv, other, p, nil
}

// UnmergeContacts undoes a merge (see ContactMergeStore).
func (s *Service) UnmergeContacts(ctx context.Context, mergeID int64) (*switchboard.ContactMerge, error) {
	return s.Store.UnmergeContacts(ctx, mergeID)
}

// ContactMerges lists a contact's merges (see ContactMergeStore).
func (s *Service) ContactMerges(ctx context.Context, contactID int64) ([]*switchboard.ContactMerge, error) {
	return s.Store.ContactMerges(ctx, contactID)
}
