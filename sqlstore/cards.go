package sqlstore

import (
	"bytes"
	"encoding/json"
	"fmt"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/internal/mediatype"
	"github.com/switchboardhq/switchboard/internal/vcard"
)

// isVCard reports whether a decided content type is a vCard's, whose cards the thread shows.
func isVCard(contentType string) bool { return mediatype.Base(contentType) == "text/vcard" }

// cardsOf reads the contact cards of a vCard file. Reading what a file holds belongs with
// deciding its type (sniffedType), where the file is stored, so its cards land in the same
// transaction as the file: a customer's card never arrives without its file, nor the file
// without its card.
func cardsOf(data []byte) []*switchboard.ContactCard {
	var out []*switchboard.ContactCard
	values := func(vs []vcard.Value) []switchboard.CardField {
		var fs []switchboard.CardField
		for _, v := range vs {
			fs = append(fs, switchboard.CardField{Value: v.Value, Type: v.Type})
		}
		return fs
	}
	for _, c := range vcard.Parse(data) {
		card := &switchboard.ContactCard{Name: c.Name, Phones: values(c.Phones), Emails: values(c.Emails), URLs: values(c.URLs),
			Organization: c.Organization, Department: c.Department, Title: c.Title, Birthday: c.Birthday}
		for _, a := range c.Addresses {
			card.Addresses = append(card.Addresses, switchboard.CardAddress{Street: a.Street, City: a.City, State: a.Region,
				Zip: a.PostalCode, Country: a.Country, Type: a.Type})
		}
		out = append(out, card)
	}
	return switchboard.CleanCards(out)
}

// withCards adds cards to a message's content, up to MaxCards in all.
func withCards(c *switchboard.MessageContent, cards []*switchboard.ContactCard) *switchboard.MessageContent {
	if len(cards) == 0 {
		return c
	}
	if c == nil {
		c = &switchboard.MessageContent{}
	}
	c.Contacts = append(c.Contacts, cards...)
	c.Contacts = c.Contacts[:min(len(c.Contacts), switchboard.MaxCards)]
	return c
}

// addMessageCards adds cards to a stored message's content, inside the transaction that stores
// the vCard they came from, and returns the content as it now stands.
func (tx *Tx) addMessageCards(messageID int64, cards []*switchboard.ContactCard) (*switchboard.MessageContent, error) {
	var raw string
	if err := tx.queryRow("SELECT content FROM messages WHERE id = ?", messageID).Scan(&raw); err != nil {
		return nil, fmt.Errorf("load content of message %d: %w", messageID, err)
	}
	var c *switchboard.MessageContent
	if raw != "" {
		c = &switchboard.MessageContent{}
		if err := json.Unmarshal([]byte(raw), c); err != nil {
			return nil, fmt.Errorf("decode content of message %d: %w", messageID, err)
		}
	}
	c = withCards(c, cards)
	b, err := json.Marshal(c)
	if err != nil {
		return nil, err
	}
	if _, err := tx.exec("UPDATE messages SET content = ? WHERE id = ?", string(b), messageID); err != nil {
		return nil, fmt.Errorf("store cards of message %d: %w", messageID, err)
	}
	return c, nil
}

// cardCopy keeps the first vcard.MaxFile bytes read through it, for a vCard's cards.
type cardCopy struct{ bytes.Buffer }

func (c *cardCopy) Write(p []byte) (int, error) {
	if room := vcard.MaxFile - c.Len(); room > 0 {
		c.Buffer.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}
