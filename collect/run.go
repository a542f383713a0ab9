package collect

import (
	"context"
	"slices"
	"sync"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/service/ec2"
	"github.com/aws/aws-sdk-go-v2/service/s3"
	"github.com/aws/aws-sdk-go-v2/service/sts"
)

// fallbackHomeRegion serves the global services (IAM, STS, Organizations,
// S3's bucket listing) when nothing names a region.
const fallbackHomeRegion = "us-east-1"

// collector is one run.
type collector struct {
	cfg      aws.Config // its Region is the home region
	endpoint string
	account  string
	snap     *snapshot
	pool     *pool

	mu        sync.Mutex
	seen      map[string]bool       // organization policies already queued
	s3Clients map[string]*s3.Client // per region, built on first use
}

// Run collects a snapshot of the caller's account into o.Out. It returns an
// error, and writes nothing, when it cannot start (see SetupError); once
// collecting, a refused call becomes a .error file and the run goes on, so
// a run that returns no error may still list Missing data. It also returns
// an error if a file cannot be written or ctx ends; the Summary then says
// what was written until then.
func Run(ctx context.Context, opts Options) (Summary, error) {
	o, err := opts.withDefaults()
	if err != nil {
		return Summary{}, err
	}
	if err := checkOut(o.Out); err != nil {
		return Summary{}, err
	}
	prog := newProgress(o.Progress, o.Verbose)
	cfg, err := loadConfig(ctx, o, prog)
	if err != nil {
		return Summary{}, err
	}
	cfg.Region = homeRegion(cfg.Region, o.Regions)
	if err := checkCredentials(ctx, cfg, o.Profile); err != nil {
		return Summary{}, err
	}
	c := &collector{cfg: cfg, endpoint: o.Endpoint, seen: map[string]bool{}, s3Clients: map[string]*s3.Client{}}
	ident, err := sts.NewFromConfig(cfg, func(so *sts.Options) { so.BaseEndpoint = c.base() }).GetCallerIdentity(ctx, &sts.GetCallerIdentityInput{})
	if err != nil {
		_, text := cliError("GetCallerIdentity", err)
		return Summary{}, setupErrorf("collect: the credentials were refused, so the account is unknown: %s", text)
	}
	c.account = aws.ToString(ident.Account)
	regions, err := c.regions(ctx, o.Regions)
	if err != nil {
		return Summary{}, err
	}

	runCtx, cancel := context.WithCancel(ctx)
	defer cancel()
	snap, err := openSnapshot(o.Out, prog)
	if err != nil {
		return Summary{}, err
	}
	snap.onFail = cancel
	c.snap = snap
	c.pool = newPool(runCtx, o.Concurrency)

	c.pool.spawn(c.iam)
	c.pool.spawn(c.s3)
	for _, r := range regions {
		for _, regional := range [...]func(context.Context, string){c.kms, c.sqs, c.sns, c.lambda, c.secrets, c.ecr, c.ec2} {
			c.pool.spawn(func(ctx context.Context) { regional(ctx, r) })
		}
	}
	if o.Org {
		c.pool.spawn(c.org)
	}
	c.pool.wait()
	prog.finish()

	sum := Summary{Account: c.account, Caller: aws.ToString(ident.Arn), Regions: regions, Calls: prog.callCount()}
	snap.tally(&sum)
	if err := snap.failure(); err != nil {
		return sum, err
	}
	return sum, ctx.Err()
}

func homeRegion(configured string, regions []string) string {
	switch {
	case configured != "":
		return configured
	case len(regions) > 0 && regions[0] != AllRegions:
		return regions[0]
	}
	return fallbackHomeRegion
}

func checkCredentials(ctx context.Context, cfg aws.Config, profile string) error {
	where := "the standard chain: environment variables, the shared config and credentials files, SSO, a container or instance role"
	if profile != "" {
		where = "profile " + profile
	}
	if cfg.Credentials == nil {
		return setupErrorf("collect: no AWS credentials found (%s)", where)
	}
	if _, err := cfg.Credentials.Retrieve(ctx); err != nil {
		return setupErrorf("collect: no usable AWS credentials (%s): %v", where, err)
	}
	return nil
}

// regions resolves the regions to read: the configured one by default, or
// every region enabled for the account.
func (c *collector) regions(ctx context.Context, asked []string) ([]string, error) {
	if len(asked) == 0 {
		return []string{c.cfg.Region}, nil
	}
	if asked[0] != AllRegions {
		return asked, nil
	}
	out, err := ec2.NewFromConfig(c.cfg, func(o *ec2.Options) { o.BaseEndpoint = c.base() }).DescribeRegions(ctx, &ec2.DescribeRegionsInput{})
	if err != nil {
		_, text := cliError("DescribeRegions", err)
		return nil, setupErrorf("collect: --regions all lists the enabled regions with ec2:DescribeRegions, which failed: %s", text)
	}
	var regions []string
	for _, r := range out.Regions {
		if name := aws.ToString(r.RegionName); name != "" {
			regions = append(regions, name)
		}
	}
	slices.Sort(regions)
	if len(regions) == 0 {
		return nil, setupErrorf("collect: ec2:DescribeRegions listed no enabled region")
	}
	return regions, nil
}

// base is the endpoint override for a client's BaseEndpoint, nil for AWS's.
func (c *collector) base() *string {
	if c.endpoint == "" {
		return nil
	}
	return aws.String(c.endpoint)
}

// acct is the stem of a file under accounts/<account-id>/.
func (c *collector) acct(parts ...string) string {
	return rel(append([]string{"accounts", c.account}, parts...)...)
}

// firstSight reports whether key is new to this run, remembering it.
func (c *collector) firstSight(key string) bool {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.seen[key] {
		return false
	}
	c.seen[key] = true
	return true
}

// get makes one call and writes its output, translated by cli, or its
// error, which it also returns.
func get[T any](ctx context.Context, c *collector, stem, op string, facts []string, call func(context.Context) (T, error), cli func(T) object) (T, error) {
	out, err := call(ctx)
	if err != nil {
		if ctx.Err() == nil {
			c.snap.writeError(stem, op, err, facts)
		}
		return out, err
	}
	c.snap.writeJSON(stem, cli(out))
	return out, nil
}

// pager is what the SDK's paginators have in common.
type pager[T, F any] interface {
	HasMorePages() bool
	NextPage(context.Context, ...F) (T, error)
}

// pages reads every page of a listing and writes them merged, as the CLI's
// auto-pagination merges them: the lists of every page joined, the other
// members from the first page, the tokens gone. each sees every page as it
// comes, so the resources listed so far are read even if a later page
// fails; the listing itself is then written as a .error, because a listing
// cut short would read as complete.
func pages[T, F any](ctx context.Context, c *collector, stem, op string, facts []string, p pager[T, F], cli func(T) object, each func(T)) {
	var merged object
	for p.HasMorePages() {
		page, err := p.NextPage(ctx)
		if err != nil {
			if ctx.Err() == nil {
				c.snap.writeError(stem, op, err, facts)
			}
			return
		}
		merged = mergePage(merged, cli(page))
		if each != nil {
			each(page)
		}
	}
	if merged == nil {
		merged = object{}
	}
	c.snap.writeJSON(stem, merged)
}

// mergePage is botocore's build_full_result: list members are joined,
// any other member keeps its first value.
func mergePage(all, page object) object {
	for _, m := range page {
		i := slices.IndexFunc(all, func(a member) bool { return a.name == m.name })
		if i < 0 {
			all = append(all, m)
			continue
		}
		if prev, ok := all[i].value.([]any); ok {
			if more, ok := m.value.([]any); ok {
				all[i].value = append(prev, more...)
			}
		}
	}
	return all
}
