package testcluster

import (
	"context"
	"errors"
	"fmt"
	"os"
	"os/signal"
	"syscall"
	"testing"
)

// shared is the control plane Main started for this test binary.
var shared struct {
	cluster *Cluster
	err     error  // why it could not start; dependent tests fail with it
	skip    string // set when EnvSwitch=off: dependent tests skip with it
	ran     bool   // Main was called
}

// Main is for TestMain: it starts one control plane for the package, runs
// the tests, stops the control plane and exits.
//
//	func TestMain(m *testing.M) { testcluster.Main(m) }
//
// If the control plane cannot start, the tests that call Get fail with the
// reason; the others still run. With KUBEWARD_TESTCLUSTER=off nothing is
// started and the tests that call Get are skipped, saying so. On SIGINT or
// SIGTERM, Main stops every control plane of the process, the ones tests
// started with Start included, and exits; should the test binary crash, the
// kernel kills the components (see startProcess).
func Main(m *testing.M) {
	os.Exit(run(m))
}

func run(m *testing.M) int {
	shared.ran = true
	if os.Getenv(EnvSwitch) == "off" {
		shared.skip = "testcluster: " + EnvSwitch + "=off, so no kube-apiserver runs and this test, which needs one, is skipped"
		return m.Run()
	}

	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	started := make(chan struct{})
	signals := make(chan os.Signal, 1)
	signal.Notify(signals, syscall.SIGINT, syscall.SIGTERM)
	defer signal.Stop(signals)
	go func() {
		select {
		case sig := <-signals:
			cancel()  // abandons a start under way,
			<-started // which then stops what it started
			live.stopAll()
			fmt.Fprintf(os.Stderr, "testcluster: %v: control planes stopped\n", sig)
			os.Exit(2)
		case <-ctx.Done():
		}
	}()

	c, err := Start(ctx, Options{})
	close(started)
	if err != nil && ctx.Err() != nil {
		select {} // interrupted: the signal handler stops and exits
	}
	if err != nil {
		shared.err = err
		if _, ok := errors.AsType[*BinariesError](err); ok {
			shared.err = fmt.Errorf("%w\n\n%s", err, missingHint)
		}
		fmt.Fprintf(os.Stderr, "testcluster: control plane did not start: %v\n", shared.err)
		return m.Run()
	}
	shared.cluster = c
	defer func() {
		if err := c.Stop(); err != nil {
			fmt.Fprintf(os.Stderr, "testcluster: stop: %v\n", err)
		}
	}()
	return m.Run()
}

const missingHint = `kube-apiserver and etcd come from scripts/testcluster-binaries.sh (a cold
build takes about 11 minutes; run it once before the tests), or from the
directory in ` + EnvBinDir + `. To run without them, set ` + EnvSwitch + `=off:
tests that need a cluster are then skipped.`

// Get returns the control plane Main started. It fails t if that control
// plane could not start, skips t if KUBEWARD_TESTCLUSTER=off, and fails t if
// the package has no TestMain calling Main.
func Get(t testing.TB) *Cluster {
	t.Helper()
	switch {
	case !shared.ran:
		t.Fatal("testcluster: Get needs func TestMain(m *testing.M) { testcluster.Main(m) } in this package")
	case shared.skip != "":
		t.Skip(shared.skip)
	case shared.err != nil:
		t.Fatalf("testcluster: control plane did not start: %v", shared.err)
	}
	return shared.cluster
}
