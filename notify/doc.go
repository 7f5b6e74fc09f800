// Package notify decides who is told what when something happens (Router), and sends what it
// decided: browser pushes by the Web Push standard (Pusher) and batched emails (Mailer). The
// store follows the event log and keeps the router's decisions, exactly once per event and
// agent; see switchboard.NotificationStore.
package notify
