package sqlstore

import (
	"sync"
	"sync/atomic"
	"time"
)

// rememberFor is how long a remembered read (see remembered) is taken at its word without asking
// the database again. The interface, scripts and providers send many requests a second that
// each need the same few facts (who a token or session belongs to, which inboxes an agent sees,
// an inbox's channel and secrets, the webhooks subscribed); one query each for them was most of
// what a list or a webhook cost on PostgreSQL. On this node a committed change to any of those
// facts drops everything remembered at once (see Tx.configChanged); another node of a
// PostgreSQL cluster sees the change within this time.
const rememberFor = time.Second

// remembered holds reads of the configuration (agents, tokens, sessions, inboxes, teams and
// their members, webhooks) by key for rememberFor. An entry is used only while it is younger
// than that and no configuration change has committed on this node since it was read.
type remembered[K comparable, V any] struct {
	m     sync.Map // K → *rememberedEntry[V]
	puts  atomic.Int64
	gen   *atomic.Int64 // the store's configuration generation
	clock func() time.Time
}

type rememberedEntry[V any] struct {
	v     V
	gen   int64
	until time.Time
}

// get returns the value remembered for k, if it is still good, and the generation a value read
// now is to be remembered under: read before the database is, so that a change committed
// meanwhile makes the new entry stale rather than hiding the change.
func (r *remembered[K, V]) get(k K) (v V, gen int64, ok bool) {
	gen = r.gen.Load()
	if e, found := r.m.Load(k); found {
		if e := e.(*rememberedEntry[V]); e.gen == gen && r.clock().Before(e.until) {
			return e.v, gen, true
		}
	}
	return v, gen, false
}

// put remembers v for k as of generation gen. Every so many puts the entries past their time
// are dropped, so the map holds what was used in the last moments, not every key ever read.
func (r *remembered[K, V]) put(k K, v V, gen int64) {
	now := r.clock()
	r.m.Store(k, &rememberedEntry[V]{v: v, gen: gen, until: now.Add(rememberFor)})
	if r.puts.Add(1)%sweepRememberedEvery == 0 {
		r.m.Range(func(k, e any) bool {
			if !now.Before(e.(*rememberedEntry[V]).until) {
				r.m.Delete(k)
			}
			return true
		})
	}
}

// read returns the value for k: as remembered, else loaded by load and remembered. With fresh
// (a transaction that changed the configuration reads what it sees itself) it is loaded and not
// kept.
func (r *remembered[K, V]) read(k K, fresh bool, load func() (V, error)) (V, error) {
	if fresh {
		return load()
	}
	v, gen, ok := r.get(k)
	if ok {
		return v, nil
	}
	v, err := load()
	if err == nil {
		r.put(k, v, gen)
	}
	return v, err
}

// sweepRememberedEvery is how many puts pass between sweeps of a remembered map.
const sweepRememberedEvery = 1024

// initRemembered ties the store's remembered reads to its clock and configuration generation.
func (db *DB) initRemembered() {
	db.verifiedSecrets = remembered[string, *verifiedSecret]{gen: &db.configGen, clock: db.now}
	db.channelInboxes = remembered[int64, *channelInbox]{gen: &db.configGen, clock: db.now}
	db.agentScopes = remembered[int64, agentScope]{gen: &db.configGen, clock: db.now}
	db.liveWebhooks = remembered[struct{}, []*Webhook]{gen: &db.configGen, clock: db.now}
	db.liveRules = remembered[struct{}, *ruleSet]{gen: &db.configGen, clock: db.now}
	db.liveAssistant = remembered[struct{}, assistantSwitch]{gen: &db.configGen, clock: db.now}
}
