package collect

import (
	"context"
	"sync"
)

// pool runs units of work, at most n at a time. A unit may spawn more units
// but never waits for them, so a full pool cannot deadlock: spawned units
// wait for a free slot in goroutines of their own.
type pool struct {
	ctx context.Context
	sem chan struct{}
	wg  sync.WaitGroup
}

func newPool(ctx context.Context, n int) *pool {
	return &pool{ctx: ctx, sem: make(chan struct{}, n)}
}

// spawn queues f; once the context is done, queued units no longer start.
func (p *pool) spawn(f func(ctx context.Context)) {
	p.wg.Add(1)
	go func() {
		defer p.wg.Done()
		select {
		case p.sem <- struct{}{}:
		case <-p.ctx.Done():
			return
		}
		defer func() { <-p.sem }()
		if p.ctx.Err() != nil {
			return
		}
		f(p.ctx)
	}()
}

// wait returns when every unit, spawned ones included, has finished.
func (p *pool) wait() { p.wg.Wait() }
