package collect

// No live AWS is contacted by these tests. Every AWS response comes from
// package replay: a local httptest server that answers the SDK's requests
// with responses recorded, by hand, in AWS's documented wire formats
// (testdata/collect/README.md). The SDK is pointed at it with
// Options.Endpoint, static credentials and path-style S3.

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/whydenied/whydenied/collect/replay"
)

// fixtures is where the recordings live, relative to this package.
const fixtures = "../testdata/collect"

type replayServer struct{ *replay.Server }

// newReplay starts a server over the given fixture sets (later ones are
// fallbacks for earlier ones).
func newReplay(t *testing.T, sets ...string) replayServer {
	t.Helper()
	return replayServer{replay.New(t, fixtures, sets...)}
}

// options are Options that send everything to the server, with static
// credentials and short backoff, writing into a fresh directory.
func (r replayServer) options(t *testing.T) Options {
	replay.IsolateAWSConfig(t)
	return Options{
		Out:         filepath.Join(t.TempDir(), "snap"),
		Regions:     []string{"us-east-1"},
		Endpoint:    r.URL,
		Credentials: credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""),
		MaxBackoff:  5 * time.Millisecond,
	}
}

// run collects against the server with o, failing the test on an error.
func (r replayServer) run(t *testing.T, o Options) Summary {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	sum, err := Run(ctx, o)
	if err != nil {
		t.Fatalf("Run: %v", err)
	}
	return sum
}

func key(c replay.Call) string { return c.Service + " " + c.Operation }
