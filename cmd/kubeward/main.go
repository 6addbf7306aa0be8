// Command kubeward finds and blocks Kubernetes security problems.
package main

import (
	"os"

	"github.com/kubeward/kubeward/internal/cli"
)

func main() {
	os.Exit(cli.Execute("kubeward", os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
