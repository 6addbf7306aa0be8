package cli

import (
	"fmt"
	"io"

	"github.com/spf13/cobra"

	"github.com/kubeward/kubeward/internal/policy"
)

func newPolicy(stdout io.Writer) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "policy",
		Short: "Work with custom Rego policies",
	}
	cmd.AddCommand(newPolicyTest(stdout))
	return cmd
}

func newPolicyTest(stdout io.Writer) *cobra.Command {
	var verbose bool
	cmd := &cobra.Command{
		Use:   "test DIR",
		Short: "Run the Rego tests of a policy directory",
		Long: `Test compiles every .rego file under DIR, policies and tests alike, and
runs each test_ rule with OPA's test runner, built-in errors raised as in
scans. It prints one line per failing test (every test with -v) and a
summary. Exit codes: 0 every test passed; 1 a test failed or errored;
2 a file does not compile, or DIR holds no tests.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			results, err := policy.RunTests(cmd.Context(), args[0])
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			if len(results) == 0 {
				return usageError("policy test: no Rego tests (rules named test_*) under %s", args[0])
			}
			counts := map[string]int{}
			for _, r := range results {
				counts[r.Outcome]++
				if !verbose && r.Outcome == policy.TestPass {
					continue
				}
				fmt.Fprintf(stdout, "%-5s %s.%s (%s:%d)", upper(r.Outcome), r.Package, r.Name, r.File, r.Line)
				if r.Error != "" {
					fmt.Fprintf(stdout, ": %s", r.Error)
				}
				fmt.Fprintln(stdout)
			}
			fmt.Fprintf(stdout, "%d %s: %d passed, %d failed, %d errors, %d skipped\n", len(results), plural(len(results), "test"),
				counts[policy.TestPass], counts[policy.TestFail], counts[policy.TestError], counts[policy.TestSkip])
			if counts[policy.TestFail]+counts[policy.TestError] > 0 {
				return &exitError{code: ExitFindings}
			}
			return nil
		},
	}
	cmd.Flags().BoolVarP(&verbose, "verbose", "v", false, "list passing and skipped tests too")
	return cmd
}

func upper(outcome string) string {
	switch outcome {
	case policy.TestPass:
		return "PASS"
	case policy.TestFail:
		return "FAIL"
	case policy.TestSkip:
		return "SKIP"
	default:
		return "ERROR"
	}
}
