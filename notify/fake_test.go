package notify

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/switchboardhq/switchboard"
	"github.com/switchboardhq/switchboard/jobs"
)

// fakeStore is the part of the store the senders use, in memory.
type fakeStore struct {
	mu         sync.Mutex
	pushes     map[int64]*switchboard.PushDelivery // by subscription
	keys       *switchboard.VAPIDKeys
	sent       []int64 // subscriptions PushSent
	gone       []int64
	emails     map[int64]*switchboard.NotificationEmail // pending, by agent
	emailed    map[int64][]int64
	password   string
	stopped    []int64
	stopCtx    context.Context
	follow     func(ctx context.Context) (int, error)
	pendingErr error
}

var _ switchboard.NotificationStore = (*fakeStore)(nil)

func (s *fakeStore) FollowNotifications(ctx context.Context, r switchboard.NotificationRouter, limit int) (int, error) {
	return s.follow(ctx)
}

func (s *fakeStore) PushDelivery(ctx context.Context, a switchboard.SendPushArgs) (*switchboard.PushDelivery, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	d := s.pushes[a.SubscriptionID]
	if d == nil || d.Notification.ID != a.NotificationID {
		return nil, switchboard.Errorf(switchboard.ENOTFOUND, "no such push")
	}
	return d, nil
}

func (s *fakeStore) PushSent(ctx context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.sent = append(s.sent, id)
	return nil
}

func (s *fakeStore) PushGone(ctx context.Context, id int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.gone = append(s.gone, id)
	delete(s.pushes, id)
	return nil
}

func (s *fakeStore) VAPIDKeys(ctx context.Context) (*switchboard.VAPIDKeys, error) {
	return s.keys, nil
}

func (s *fakeStore) PendingNotificationEmail(ctx context.Context, agentID int64) (*switchboard.NotificationEmail, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.pendingErr != nil {
		return nil, s.pendingErr
	}
	return s.emails[agentID], nil
}

func (s *fakeStore) NotificationEmailSent(ctx context.Context, agentID int64, ids []int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.emailed == nil {
		s.emailed = map[int64][]int64{}
	}
	s.emailed[agentID] = append(s.emailed[agentID], ids...)
	delete(s.emails, agentID)
	return nil
}

func (s *fakeStore) NotificationMailPassword(ctx context.Context, m *switchboard.NotificationMailSettings) (string, error) {
	return s.password, nil
}

func (s *fakeStore) StopNotificationEmail(ctx context.Context, agentID int64) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.stopped = append(s.stopped, agentID)
	s.stopCtx = ctx
	return nil
}

func (s *fakeStore) PruneNotifications(ctx context.Context, before time.Time) (int, error) {
	return 0, nil
}

// outcome is how the job runner recorded one attempt.
type outcome struct {
	State string // done, retry or failed
	At    time.Time
	Err   string
}

// oneJob is a queue holding one job, recording its outcome.
type oneJob struct {
	mu      sync.Mutex
	job     *switchboard.Job
	claimed bool
	out     chan outcome
	now     time.Time
}

func (q *oneJob) ClaimJobs(ctx context.Context, node string, limit int, lease time.Duration) ([]*switchboard.Job, error) {
	q.mu.Lock()
	defer q.mu.Unlock()
	if q.claimed {
		return nil, nil
	}
	q.claimed = true
	return []*switchboard.Job{q.job}, nil
}
func (q *oneJob) CompleteJob(ctx context.Context, id int64, node string) error {
	q.out <- outcome{State: "done"}
	return nil
}
func (q *oneJob) RetryJob(ctx context.Context, id int64, node string, at time.Time, msg string) error {
	q.out <- outcome{State: "retry", At: at, Err: msg}
	return nil
}
func (q *oneJob) FailJob(ctx context.Context, id int64, node string, msg string) error {
	q.out <- outcome{State: "failed", Err: msg}
	return nil
}
func (q *oneJob) RescueJobs(ctx context.Context) (int, error)                     { return 0, nil }
func (q *oneJob) TakeBackJobs(ctx context.Context, node, run string) (int, error) { return 0, nil }
func (q *oneJob) ReleaseJobs(ctx context.Context, lease string) (int, error)      { return 0, nil }
func (q *oneJob) NextJobAt(ctx context.Context) (time.Time, bool, error) {
	return time.Time{}, false, nil
}
func (q *oneJob) FindJobs(ctx context.Context, st switchboard.JobState, limit int) ([]*switchboard.Job, error) {
	return nil, nil
}
func (q *oneJob) JobsChanged() <-chan struct{} { return nil }

// runJob runs one job through the real job runner with handler h and returns how the runner
// recorded it.
func runJob(t *testing.T, h jobs.Handler, j *switchboard.Job) outcome {
	t.Helper()
	now := time.Date(2026, 1, 10, 12, 0, 0, 0, time.UTC)
	q := &oneJob{job: j, out: make(chan outcome, 1), now: now}
	r := jobs.New(q, discard(), jobs.Options{Workers: 1, Now: func() time.Time { return now }})
	r.Handle(j.Kind, h)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan struct{})
	go func() { _ = r.Run(ctx); close(done) }()
	defer func() { cancel(); <-done }()
	select {
	case o := <-q.out:
		if !o.At.IsZero() {
			o.At = o.At.UTC()
		}
		return o
	case <-time.After(20 * time.Second):
		t.Fatal("the job runner recorded no outcome")
		return outcome{}
	}
}
