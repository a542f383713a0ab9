package collect

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	awsmiddleware "github.com/aws/aws-sdk-go-v2/aws/middleware"
	"github.com/aws/aws-sdk-go-v2/aws/ratelimit"
	"github.com/aws/aws-sdk-go-v2/aws/retry"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/smithy-go/middleware"
)

// loadConfig reads the standard configuration (environment, shared config
// and credentials files, the named profile, SSO, container and instance
// roles) and sets the retryer and the read-only guard.
func loadConfig(ctx context.Context, o Options, p *progress) (aws.Config, error) {
	opts := []func(*config.LoadOptions) error{
		config.WithRetryer(func() aws.Retryer { return newRetryer(o.MaxAttempts, o.MaxBackoff) }),
	}
	if o.Profile != "" {
		opts = append(opts, config.WithSharedConfigProfile(o.Profile))
	}
	if o.Credentials != nil {
		opts = append(opts, config.WithCredentialsProvider(o.Credentials))
	}
	cfg, err := config.LoadDefaultConfig(ctx, opts...)
	if err != nil {
		return aws.Config{}, setupErrorf("collect: reading the AWS configuration: %v", err)
	}
	cfg.APIOptions = append(cfg.APIOptions, func(s *middleware.Stack) error {
		return s.Initialize.Add(readOnlyGuard{p}, middleware.After)
	})
	return cfg, nil
}

// newRetryer is the SDK's adaptive retry mode: exponential backoff with
// jitter on throttling and transient errors, plus a client-side send rate
// that drops when AWS throttles and recovers after. The standard mode's
// retry quota is turned off: a long collection in a busy account would
// otherwise exhaust it and turn throttling into missing data, while the
// adaptive rate already keeps the pressure down.
func newRetryer(attempts int, backoff time.Duration) aws.Retryer {
	return retry.NewAdaptiveMode(func(a *retry.AdaptiveModeOptions) {
		a.StandardOptions = append(a.StandardOptions, func(s *retry.StandardOptions) {
			s.MaxAttempts = attempts
			s.MaxBackoff = backoff
			s.RateLimiter = ratelimit.None
		})
	})
}

// readOnlyGuard refuses every operation that is not a Get, List or Describe
// before anything is sent, and counts the calls for the progress display.
type readOnlyGuard struct{ p *progress }

func (readOnlyGuard) ID() string { return "whydenied.readOnlyGuard" }

func (g readOnlyGuard) HandleInitialize(ctx context.Context, in middleware.InitializeInput, next middleware.InitializeHandler) (middleware.InitializeOutput, middleware.Metadata, error) {
	op := awsmiddleware.GetOperationName(ctx)
	if !readOnlyOperation(op) {
		return middleware.InitializeOutput{}, middleware.Metadata{},
			fmt.Errorf("collect: refusing to send %s %s: the collector only calls Get, List and Describe operations", awsmiddleware.GetServiceID(ctx), op)
	}
	g.p.call(awsmiddleware.GetServiceID(ctx), awsmiddleware.GetRegion(ctx), op)
	return next.HandleInitialize(ctx, in)
}

// readOnlyOperation reports whether an operation name is a read by AWS's
// naming: Get*, List*, Describe*.
func readOnlyOperation(op string) bool {
	for _, p := range [...]string{"Get", "List", "Describe"} {
		if rest, ok := strings.CutPrefix(op, p); ok && rest != "" && rest[0] >= 'A' && rest[0] <= 'Z' {
			return true
		}
	}
	return false
}
