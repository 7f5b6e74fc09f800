package switchboard

import "context"

// AutomationIdentityLinking is the kind of the automatic actor that links a person's addresses
// (see IdentityLinker).
const AutomationIdentityLinking = "identity_linking"

// IdentityLinkingActor is the automatic actor that links identities: its merges and the
// addresses it attaches are credited to it ("Identity linking"), never to a person.
func IdentityLinkingActor() *AutomationActor {
	return &AutomationActor{Kind: AutomationIdentityLinking, Name: "Identity linking"}
}

// IdentityLinker links a contact automatically to the one contact that holds an address the
// contact's own site verified, and only then: a name never links, nor an address a visitor typed
// (that stays a suggestion, ReasonVisitorEmail).
type IdentityLinker interface {
	// LinkVerified merges contactID (a web visitor whose site proved who they are, with a valid
	// user_hash) into the one other contact whose email or phone (as its field or an identity)
	// is the verified email or phone, through the merge machinery (recorded, undoable). It does
	// nothing, and answers nil, when no contact or more than one has it.
	LinkVerified(ctx context.Context, contactID int64, email, phone string) (*ContactMerge, error)
}
