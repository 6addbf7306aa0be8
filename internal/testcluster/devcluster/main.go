// Command devcluster runs the test control plane of internal/testcluster
// for a person: `make cluster`, then point kubectl or kubeward at the
// printed kubeconfig. It stays up until Ctrl-C and then removes everything
// it made. It is not part of the kubeward binary.
//
// Arguments are extra kube-apiserver flags, each as --name=value; they
// replace the harness's flag of the same name.
package main

import (
	"context"
	"flag"
	"fmt"
	"log/slog"
	"os"
	"os/signal"
	"syscall"

	"github.com/kubeward/kubeward/internal/testcluster"
)

func main() {
	noAnonymous := flag.Bool("disable-anonymous-auth", false, "start kube-apiserver with --anonymous-auth=false")
	flag.Usage = func() {
		fmt.Fprintf(flag.CommandLine.Output(), "usage: devcluster [-disable-anonymous-auth] [--apiserver-flag=value ...]\n")
		flag.PrintDefaults()
	}
	flag.Parse()
	if err := run(testcluster.Options{DisableAnonymousAuth: *noAnonymous, ExtraAPIServerFlags: flag.Args()}); err != nil {
		slog.Error("devcluster", "err", err)
		os.Exit(1)
	}
}

func run(opts testcluster.Options) error {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	c, err := testcluster.Start(ctx, opts)
	if err != nil {
		return err
	}
	defer c.Stop()

	fmt.Printf(`kube-apiserver %s ready in %.1fs
  kubeconfig:     %s
  audit log:      %s
  apiserver log:  %s

export KUBECONFIG=%s

Ctrl-C stops the cluster and deletes %s
`, c.Host(), c.StartupTime().Seconds(), c.Kubeconfig(), c.AuditLogPath(), c.APIServerLogPath(), c.Kubeconfig(), c.Dir())
	<-ctx.Done()
	fmt.Println("stopping")
	return c.Stop()
}
