package sqlstore

import (
	"context"
	"fmt"
)

// seedFirst and seedLast are the name parts the seeded address book combines: 40 × 50 = 2,000
// names, each shared by n/2,000 contacts, as real address books repeat names.
var seedFirst = [...]string{"Anna", "Bruno", "Carla", "Dino", "Elena", "Fabio", "Giulia", "Hugo", "Irene", "Jonas",
	"Karin", "Luca", "Marta", "Nico", "Olga", "Paolo", "Quinn", "Rita", "Sara", "Tomas", "Ugo", "Vera", "Walter", "Xenia",
	"Yuri", "Zoe", "Alba", "Bianca", "Cesare", "Delia", "Enzo", "Flora", "Gino", "Hanna", "Ivo", "Jana", "Kurt", "Lia", "Mario", "Nina"}
var seedLast = [...]string{"Rossi", "Russo", "Ferrari", "Esposito", "Bianchi", "Romano", "Colombo", "Ricci", "Marino", "Greco",
	"Bruno", "Gallo", "Conti", "DeLuca", "Mancini", "Costa", "Giordano", "Rizzo", "Lombardi", "Moretti", "Barbieri", "Fontana",
	"Santoro", "Mariani", "Rinaldi", "Caruso", "Ferrara", "Galli", "Martini", "Leone", "Longo", "Gentile", "Martinelli",
	"Vitale", "Lombardo", "Serra", "Coppola", "DeSantis", "DAngelo", "Marchetti", "Parisi", "Villa", "Conte", "Ferraro",
	"Ferri", "Fabbri", "Bianco", "Marini", "Grasso", "Valentini"}

// SeedContacts adds n contacts without conversations (ids after the largest), each with an email
// and a phone identity, written straight into the tables in large batches: the address book the
// benchmarks search. Contact i is "<first> <last> i" with email c<i>@seed.test and phone
// +39 3<9 digits of i>; every tenth is labelled with labelID (when not 0). Each has the attribute
// plan: "enterprise" for every thousandth, else "pro" for every third, else "free". System only.
func (db *DB) SeedContacts(ctx context.Context, n int, labelID int64) error {
	if err := requireSystem(ctx); err != nil {
		return err
	}
	var base int64
	if err := db.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM contacts").Scan(&base); err != nil {
		return fmt.Errorf("seed contacts: %w", err)
	}
	var ids int64
	if err := db.queryRow(ctx, "SELECT COALESCE(MAX(id), 0) FROM identities").Scan(&ids); err != nil {
		return fmt.Errorf("seed contacts: %w", err)
	}
	now := micro(db.now())
	var rows, idents, labels [][]any
	for i := 1; i <= n; i++ {
		id := base + int64(i)
		email, phone := fmt.Sprintf("c%d@seed.test", id), fmt.Sprintf("+393%09d", id)
		name := fmt.Sprintf("%s %s %d", seedFirst[i%len(seedFirst)], seedLast[(i/len(seedFirst))%len(seedLast)], id)
		seen := int64(0)
		if i%3 == 0 {
			seen = now - int64(i%365)*86400_000_000
		}
		plan := `{"plan":"free"}`
		if i%1000 == 0 {
			plan = `{"plan":"enterprise"}`
		} else if i%3 == 0 {
			plan = `{"plan":"pro"}`
		}
		rows = append(rows, []any{id, name, email, phone, i%50 == 0, seen, now - int64(n-i)*1000, now, plan})
		idents = append(idents, []any{ids + 2*int64(i) - 1, id, "email", email, now}, []any{ids + 2*int64(i), id, "phone", phone, now})
		if labelID != 0 && i%10 == 0 {
			labels = append(labels, []any{id, labelID})
		}
		if len(rows) == benchBatch*4 || i == n {
			for _, b := range []struct {
				into string
				rows [][]any
			}{{"contacts (id, name, email, phone, blocked, last_seen_at, created_at, updated_at, attributes)", rows},
				{"identities (id, contact_id, kind, external_id, created_at)", idents}, {"contact_labels (contact_id, label_id)", labels}} {
				if len(b.rows) > 0 {
					if err := db.bulk(ctx, b.into, b.rows); err != nil {
						return err
					}
				}
			}
			rows, idents, labels = rows[:0], idents[:0], labels[:0]
		}
	}
	if db.dialect.name == "postgres" {
		// Explicit ids leave the identity sequences behind: contacts created afterwards (an
		// import) would take the seeded ones' ids. Move them past the data.
		for _, table := range []string{"contacts", "identities"} {
			if _, err := db.write.ExecContext(ctx, fmt.Sprintf(
				"SELECT setval(pg_get_serial_sequence('%s', 'id'), (SELECT MAX(id) FROM %s))", table, table)); err != nil {
				return fmt.Errorf("seed contacts: sequence of %s: %w", table, err)
			}
		}
	}
	// The planner's statistics, so queries use the indexes the rows now call for.
	if _, err := db.write.ExecContext(ctx, "ANALYZE"); err != nil {
		return fmt.Errorf("seed contacts: %w", err)
	}
	return nil
}
