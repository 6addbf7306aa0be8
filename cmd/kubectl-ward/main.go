// Command kubectl-ward is kubeward as a kubectl plugin: `kubectl ward scan`.
package main

import (
	"os"

	"github.com/kubeward/kubeward/internal/cli"
)

func main() {
	os.Exit(cli.Execute("kubectl ward", os.Args[1:], os.Stdin, os.Stdout, os.Stderr))
}
