// Package cli holds kubeward's commands: flag parsing and wiring only.
package cli

import (
	"errors"
	"fmt"
	"io"
	"log/slog"
	"os"

	"github.com/spf13/cobra"

	"github.com/kubeward/kubeward/internal/gctune"
)

// Exit codes, documented in docs/exit-codes.md.
const (
	ExitOK       = 0 // nothing at or above --fail-on
	ExitFindings = 1 // findings at or above --fail-on
	ExitUsage    = 2 // bad usage, bad config, or input that could not be read
)

// exitError carries an exit code out of a command.
type exitError struct {
	code int
	err  error // nil when the report already said everything
}

func (e *exitError) Error() string {
	if e.err == nil {
		return fmt.Sprintf("exit %d", e.code)
	}
	return e.err.Error()
}

func usageError(format string, args ...any) error {
	return &exitError{code: ExitUsage, err: fmt.Errorf(format, args...)}
}

// Execute runs the command line and returns the process exit code. name is
// how the binary was invoked ("kubeward", or "kubectl ward" as a plugin).
func Execute(name string, args []string, stdin io.Reader, stdout, stderr io.Writer) int {
	root := newRoot(name, stdin, stdout, stderr)
	root.SetArgs(args)
	stopProfile := startProfile(stderr)
	err := root.Execute()
	stopProfile()
	if err == nil {
		return ExitOK
	}
	var ee *exitError
	if errors.As(err, &ee) {
		if ee.err != nil {
			fmt.Fprintf(stderr, "%s: %v\n", name, ee.err)
		}
		return ee.code
	}
	// cobra's own errors: unknown flags, wrong argument counts
	fmt.Fprintf(stderr, "%s: %v\n", name, err)
	return ExitUsage
}

func newRoot(name string, stdin io.Reader, stdout, stderr io.Writer) *cobra.Command {
	var logLevel string
	root := &cobra.Command{
		Use:           name,
		Short:         "Find and block Kubernetes security problems",
		SilenceUsage:  true,
		SilenceErrors: true,
		PersistentPreRunE: func(cmd *cobra.Command, _ []string) error {
			var lvl slog.Level
			if err := lvl.UnmarshalText([]byte(logLevel)); err != nil {
				return usageError("--log-level: %v", err)
			}
			slog.SetDefault(slog.New(slog.NewTextHandler(stderr, &slog.HandlerOptions{Level: lvl})))
			gctune.Apply()
			return nil
		},
	}
	root.PersistentFlags().StringVar(&logLevel, "log-level", "warn", "log level on stderr: debug, info, warn, error")
	root.SetIn(stdin)
	root.SetOut(stdout)
	root.SetErr(stderr)
	root.AddCommand(newVersion(), newScan(stdin, stdout, stderr), newChecks(stdout), newBench(stdout, stderr), newRBAC(stdin, stdout, stderr), newVuln(stdout, stderr), newPolicy(stdout))
	root.AddCommand(newAdmission(stdout, stderr))
	root.AddCommand(newProbe(stdout, stderr))
	root.AddCommand(newAudit(stdin, stdout, stderr))
	return root
}

// isTerminal reports whether w is a terminal, for colors.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
