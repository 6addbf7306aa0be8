package cli

import (
	"io"
	"os"
	"strings"
	"time"

	"github.com/spf13/cobra"

	"github.com/kubeward/kubeward/internal/audit"
	"github.com/kubeward/kubeward/internal/report"
	"github.com/kubeward/kubeward/internal/version"
)

// newAuditPolicyCheck is `kubeward audit policy-check FILE`.
func newAuditPolicyCheck(stdout, stderr io.Writer) *cobra.Command {
	var output, failOn string
	var noColor bool
	cmd := &cobra.Command{
		Use:   "policy-check FILE",
		Short: "Lint an audit policy: credentials not logged, exec and RBAC logged, a catch-all rule, RequestReceived omitted",
		Long: `policy-check reads an audit.k8s.io/v1 Policy (the API server's
--audit-policy-file) and reports, at the line of the rule responsible:
secrets and tokens logged at Request or RequestResponse level; exec,
attach, port-forward and RBAC writes that some rule leaves unlogged; no
catch-all rule; the RequestReceived stage not omitted. Rules are evaluated
in order, first match wins, as the API server does.`,
		Args: cobra.ExactArgs(1),
		RunE: func(cmd *cobra.Command, args []string) error {
			started := time.Now()
			sev, never, err := parseFailOn(failOn)
			if err != nil {
				return usageError("--fail-on: %v", err)
			}
			if !contains(report.Formats(), output) {
				return usageError("--output: unknown format %q (want one of %s)", output, strings.Join(report.Formats(), ", "))
			}
			data, err := os.ReadFile(args[0])
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			p, err := audit.ParsePolicy(args[0], data)
			if err != nil {
				return &exitError{code: ExitUsage, err: err}
			}
			rep := report.New("audit-policy", version.String(), started)
			rep.Summary.Objects = 1
			rep.Findings = audit.LintPolicy(p)
			rep.Rules = audit.PolicyChecks()
			return finishReport(rep, scanFlags{output: output, noColor: noColor}, sev, never, stdout, stderr)
		},
	}
	fs := cmd.Flags()
	fs.StringVarP(&output, "output", "o", "table", "output format: "+strings.Join(report.Formats(), ", "))
	fs.StringVar(&failOn, "fail-on", "medium", "exit 1 when a finding is at or above this severity (critical, high, medium, low, info, none)")
	fs.BoolVar(&noColor, "no-color", false, "never color the table output")
	return cmd
}
