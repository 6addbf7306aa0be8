package cli

import (
	"io"

	"github.com/spf13/cobra"
	admissionv1 "k8s.io/api/admissionregistration/v1"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"

	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/vap"
)

func newAdmissionVAP(stdout io.Writer) *cobra.Command {
	var selector, action string
	cmd := &cobra.Command{
		Use:   "vap",
		Short: "Print ValidatingAdmissionPolicies for the checks CEL can express",
		Long: `Vap prints a ValidatingAdmissionPolicy and a ValidatingAdmissionPolicyBinding
(admissionregistration.k8s.io/v1, CEL) for every built-in check that CEL
expresses exactly, so the API server enforces them on Pods with no webhook.
A comment at the top lists the checks it cannot express, which only
"kubeward admission serve" runs. Apply the output with kubectl apply -f -.`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, _ []string) error {
			opts := vap.Options{Action: admissionv1.ValidationAction(action)}
			if selector != "" {
				sel, err := metav1.ParseToLabelSelector(selector)
				if err != nil {
					return usageError("--namespace-selector: %v", err)
				}
				opts.NamespaceSelector = sel
			}
			out, _, err := vap.Generate(checks.All(), opts)
			if err != nil {
				return usageError("--action: %v", err)
			}
			_, err = stdout.Write(out)
			return err
		},
	}
	cmd.Flags().StringVar(&selector, "namespace-selector", "", "label selector of the namespaces the bindings apply in, e.g. env=prod (default: every namespace but kube-system)")
	cmd.Flags().StringVar(&action, "action", "Deny", "what the API server does on a violation: Deny, Warn or Audit")
	return cmd
}
