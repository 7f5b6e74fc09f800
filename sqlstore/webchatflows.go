package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"maps"

	"github.com/switchboardhq/switchboard"
)

// The web chat's conversation flows: what a pre-chat form writes, the customer's rating, and
// the quick replies the widget shows.

// scanCSAT reads a conversation's rating columns (nil when there is no rating).
func scanCSAT(rating sql.NullInt64, comment string, at sql.NullInt64) *switchboard.CSAT {
	if !rating.Valid {
		return nil
	}
	return &switchboard.CSAT{Rating: int(rating.Int64), Comment: comment, At: fromMicro(at.Int64)}
}

// unverifiedEmail is the address a visitor typed, from their contact's attributes.
func unverifiedEmail(attrs string) string {
	var a struct {
		Email string `json:"unverified_email"`
	}
	_ = json.Unmarshal([]byte(attrs), &a)
	return a.Email
}

// quickReplies reads the quick replies of a message's content.
func quickReplies(content string) []string {
	if content == "" {
		return nil
	}
	var c switchboard.MessageContent
	_ = json.Unmarshal([]byte(content), &c)
	return c.QuickReplies
}

// applyPrechat writes a new conversation's pre-chat form. What the visitor typed is their word,
// never proof: custom fields become contact attributes; the name names an anonymous visitor's
// own contact, while email and phone are kept as unverified_email and unverified_phone (as
// identify keeps unsigned details), so they never become an address or overwrite the details
// of a contact the site proved. The consent, when the form asked for it, is a milestone of the
// conversation: when, and the text agreed to. It runs in the transaction of the conversation's
// first message.
func (tx *Tx) applyPrechat(v *switchboard.Visitor, conversationID int64, a *switchboard.PrechatApplied) error {
	var raw string
	if err := tx.queryRow("SELECT attributes FROM contacts WHERE id = ?", v.ContactID).Scan(&raw); err != nil {
		return fmt.Errorf("pre-chat form: %w", err)
	}
	attrs := map[string]any{}
	_ = json.Unmarshal([]byte(raw), &attrs)
	maps.Copy(attrs, a.Attributes)
	name := ""
	for k, val := range map[string]string{"unverified_email": a.Email, "unverified_phone": a.Phone} {
		if val != "" {
			attrs[k] = val
		}
	}
	if a.Name != "" {
		if v.UserID != "" {
			attrs["unverified_name"] = a.Name
		} else {
			name = a.Name
		}
	}
	b, _ := json.Marshal(attrs)
	if _, err := tx.exec("UPDATE contacts SET attributes = ?, name = CASE WHEN ? = '' THEN name ELSE ? END, updated_at = ? WHERE id = ?",
		string(b), name, name, micro(tx.now), v.ContactID); err != nil {
		return fmt.Errorf("pre-chat form: %w", err)
	}
	if err := tx.emitContact(switchboard.EventContactUpdated, v.ContactID, map[string]any{"id": v.ContactID}); err != nil {
		return err
	}
	if a.ConsentText == "" {
		return nil
	}
	c, err := tx.loadConversation(conversationID)
	if err != nil {
		return err
	}
	return tx.addActivity(c, &switchboard.Activity{Action: "consent", Note: a.ConsentText}, "The customer agreed: "+a.ConsentText)
}

// VisitorCSAT records a visitor's rating of a resolved conversation of theirs, once, with a
// milestone in the thread.
func (db *DB) VisitorCSAT(ctx context.Context, visitorID, conversationID int64, r *switchboard.CSAT) (*switchboard.CSAT, error) {
	if err := r.Validate(); err != nil {
		return nil, err
	}
	if err := db.VisitorOwns(ctx, visitorID, conversationID); err != nil {
		return nil, err
	}
	var out *switchboard.CSAT
	err := db.update(ctx, func(tx *Tx) error {
		c, err := tx.loadConversation(conversationID)
		if err != nil {
			return err
		}
		if c.Status != switchboard.StatusResolved && c.CSAT == nil {
			return &switchboard.Error{Code: switchboard.EINVALID, Message: "Rate the conversation once it is resolved.",
				Fields: map[string]string{"rating": "The conversation is still going on."}}
		}
		out, err = tx.rate(c, r, ratedInWidget)
		return err
	})
	return out, err
}
