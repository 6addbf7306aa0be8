package clusterbench

import (
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/bench"
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/cluster"
)

// enforceLabel is the Pod Security Admission label that makes the API
// server reject pods violating a level in a namespace.
const enforceLabel = "pod-security.kubernetes.io/enforce"

// systemNamespaces run the cluster's own components, which Pod Security
// Admission leaves unrestricted by design.
var systemNamespaces = []string{"kube-system", "kube-public", "kube-node-lease"}

// podSecurity is what 5.2.1 needs: the namespaces that enforce no Pod
// Security level, or why namespaces could not be read.
type podSecurity struct {
	unenforced []string // "name" or "name (privileged)"
	checked    int
	denied     string
}

func readPodSecurity(ctx context.Context, c *cluster.Client) (*podSecurity, error) {
	nss, denied, err := c.List(ctx, "", "Namespace")
	if err != nil {
		return nil, err
	}
	ps := &podSecurity{}
	if len(denied) > 0 {
		ps.denied = "could not list namespaces: " + denied[0].Reason
		return ps, nil
	}
	for _, ns := range nss {
		if slices.Contains(systemNamespaces, ns.Name) {
			continue
		}
		ps.checked++
		switch level := ns.Meta.Labels[enforceLabel]; level {
		case "baseline", "restricted":
		case "":
			ps.unenforced = append(ps.unenforced, ns.Name)
		default:
			ps.unenforced = append(ps.unenforced, fmt.Sprintf("%s (%s)", ns.Name, level))
		}
	}
	return ps, nil
}

func (ps *podSecurity) evaluate(c *bench.Check) bench.Result {
	res := bench.Result{Check: c}
	switch {
	case ps.denied != "":
		res.Status, res.Reason = bench.NotEvaluated, ps.denied
	case len(ps.unenforced) > 0:
		res.Status = bench.Warn
		if c.Automated {
			res.Status = bench.Fail
		}
		names := ps.unenforced
		if len(names) > shown {
			names = append(slices.Clone(names[:shown]), fmt.Sprintf("and %d more", len(ps.unenforced)-shown))
		}
		// A default level in the API server's admission configuration
		// would cover these namespaces, but it is not visible through the API.
		res.Reason = fmt.Sprintf("%d of %d namespaces enforce no Pod Security level of baseline or restricted (%s): %s; "+
			"a cluster-wide default in the API server's admission configuration is not visible through the API",
			len(ps.unenforced), ps.checked, enforceLabel, strings.Join(names, ", "))
		for _, n := range ps.unenforced {
			name, _, _ := strings.Cut(n, " ")
			res.Evidence = append(res.Evidence, check.Evidence{Source: "api", Setting: enforceLabel,
				Detail: "Namespace/" + name, File: "/api/v1/namespaces/" + name})
		}
	default:
		res.Status = bench.Pass
		res.Reason = fmt.Sprintf("all %d namespaces outside %s enforce baseline or restricted (%s)",
			ps.checked, strings.Join(systemNamespaces, ", "), enforceLabel)
	}
	return res
}
