package demo

import (
	"context"
	"fmt"
	"sort"
	"time"

	"rollcall"
	"rollcall/service"
)

// step is one thing that happens at a moment: an alert published, an
// organisation answering, the escalation ladder being run.
type step struct {
	at   time.Time
	seq  int // the order planned, which breaks ties
	what string
	do   func(ctx context.Context) error
}

// timeline collects the demo's steps in any order and runs them in time
// order, moving the clock to each. Steps planned after "now" have not
// happened yet and are dropped: that is how an alert published three days
// ago comes to be half answered.
type timeline struct {
	steps []step
	// progress, when set, hears how much of the timeline has run.
	progress func(string)
}

func (t *timeline) add(at time.Time, what string, do func(ctx context.Context) error) {
	t.steps = append(t.steps, step{at: at, seq: len(t.steps), what: what, do: do})
}

func (t *timeline) run(ctx context.Context, clock *rollcall.FixedClock, until time.Time) error {
	sort.SliceStable(t.steps, func(i, j int) bool {
		if !t.steps[i].at.Equal(t.steps[j].at) {
			return t.steps[i].at.Before(t.steps[j].at)
		}
		return t.steps[i].seq < t.steps[j].seq
	})
	next := 0.25 // report at each quarter of the steps
	for i, s := range t.steps {
		if t.progress != nil && float64(i) >= next*float64(len(t.steps)) {
			t.progress(fmt.Sprintf("  %.0f%% of the timeline", next*100))
			next += 0.25
		}
		if s.at.After(until) {
			break
		}
		if err := ctx.Err(); err != nil {
			return err
		}
		clock.Set(s.at)
		if err := s.do(ctx); err != nil {
			return fmt.Errorf("%s at %s: %w", s.what, s.at.Format(time.RFC3339), err)
		}
	}
	return nil
}

// answer plans an answer (or, with ack, an acknowledgement only) by actor
// for orgs at a moment.
func (g *generator) answer(at time.Time, actor *rollcall.Actor, key string, orgs []*org, ack bool, a rollcall.Answer) {
	if len(orgs) == 0 {
		return
	}
	g.noteClaim(at, key, orgs, ack, a)
	ids := make([]int64, len(orgs))
	for i, o := range orgs {
		ids[i] = o.ID
	}
	what := fmt.Sprintf("%s answers %s for %s", actor.User.Email, key, orgs[0].Code)
	g.timeline.add(at, what, func(ctx context.Context) error {
		_, err := g.svc.Answer(ctx, actor, service.AnswerRequest{AlertID: g.alerts[key].ID, OrgIDs: ids, AcknowledgeOnly: ack, Answer: a})
		return err
	})
}

// signOff plans the data-security lead's decision on a risk acceptance.
func (g *generator) signOff(at time.Time, o *org, key string, approve bool, note string) {
	g.timeline.add(at, o.lead.User.Email+" signs off "+key, func(ctx context.Context) error {
		return g.svc.SignOff(ctx, o.lead, g.alerts[key].ID, o.ID, approve, note)
	})
}

// escalateAt plans the escalation ladder's run just after each moment a
// response to an alert published at p can climb a rung, as the server's
// minute timer would.
func (g *generator) escalateAt(p time.Time, c rollcall.Clocks) {
	policy := g.svc.Policy()
	ack, rem := c.Deadlines(p)
	for _, due := range []time.Time{ack, rem} {
		if due.IsZero() {
			continue
		}
		for _, after := range policy.EscalationSteps {
			g.timeline.add(due.Add(after+time.Minute), "escalation", func(ctx context.Context) error {
				_, err := g.svc.Escalate(ctx)
				return err
			})
		}
	}
}
