package secrets

import (
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	corev1 "k8s.io/api/core/v1"
)

// maxWorkloadsPerSecret is how many workloads may share one Secret before
// it is reported. An application commonly has a few workloads that need
// the same credential (a server, a worker, a migration Job); beyond that a
// Secret is usually a shared account that should be split.
const maxWorkloadsPerSecret = 3

// secretUse is one workload's first reference to a Secret.
type secretUse struct {
	name     string
	path     string
	location kube.Location
}

// SecretMountedWidely reports Secrets that many workloads of a namespace
// read.
var SecretMountedWidely = &check.Analyzer{
	Meta: check.Meta{
		ID:       "secret-mounted-widely",
		Title:    "Secret shared by many workloads",
		Severity: check.Low,
		Family:   Family,
		Description: fmt.Sprintf("More than %d workloads of the namespace reference the same Secret, "+
			"through a secret or projected volume, env valueFrom.secretKeyRef or envFrom.secretRef. Every "+
			"one of them can read it, so a compromise of any of them exposes the credential, and the "+
			"credential cannot be rotated or revoked for one workload without the others. Objects owned by "+
			"a controller (the ReplicaSets and Pods of a Deployment) are not counted again, and "+
			"imagePullSecrets are not counted: the kubelet reads those, not the containers; neither are "+
			"references that expose only certificates or public keys of the Secret (items ca.crt, tls.crt, "+
			"*.pub), which clients need to verify a server. The finding is "+
			"reported once per Secret, on the first workload that references it, and lists the others.",
			maxWorkloadsPerSecret),
		Remediation: "Give each workload its own credential (its own Secret, database user or cloud " +
			"identity), or move the shared function behind one service that holds the Secret.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "secrets"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
	},
	Kinds:   workloadKinds(),
	Collect: collectSecretUses,
	Analyze: analyzeSecretUses,
}

func workloadKinds() []string {
	kinds, _, _ := kube.ViewKinds(reflect.TypeFor[*kube.Workload]())
	return kinds
}

func collectSecretUses(o *kube.Object) ([]check.Fact, error) {
	for _, ref := range o.Meta.OwnerReferences {
		if ref.Controller != nil && *ref.Controller {
			return nil, nil // its owner carries the same template
		}
	}
	w, err := o.Workload()
	if err != nil || w == nil {
		return nil, err
	}
	var uses []secretUse
	add := func(name, path string) {
		if name == "" {
			return
		}
		for _, u := range uses {
			if u.name == name {
				return
			}
		}
		uses = append(uses, secretUse{name, path, o.Locate(path)})
	}
	for i, v := range w.Spec.Volumes {
		at := kube.Index(w.SpecPath+".volumes", i)
		if v.Secret != nil && !onlyPublic(v.Secret.Items) {
			add(v.Secret.SecretName, at+".secret.secretName")
		}
		if v.Projected != nil {
			for j, s := range v.Projected.Sources {
				if s.Secret != nil && !onlyPublic(s.Secret.Items) {
					add(s.Secret.Name, kube.Index(at+".projected.sources", j)+".secret.name")
				}
			}
		}
	}
	for _, c := range w.Containers() {
		for i, e := range c.Env {
			if e.ValueFrom != nil && e.ValueFrom.SecretKeyRef != nil && !publicKey(e.ValueFrom.SecretKeyRef.Key) {
				add(e.ValueFrom.SecretKeyRef.Name, kube.Index(c.Path+".env", i)+".valueFrom.secretKeyRef.name")
			}
		}
		for i, e := range c.EnvFrom {
			if e.SecretRef != nil {
				add(e.SecretRef.Name, kube.Index(c.Path+".envFrom", i)+".secretRef.name")
			}
		}
	}
	if len(uses) == 0 {
		return nil, nil
	}
	shell := check.Shell(o)
	facts := make([]check.Fact, len(uses))
	for i, u := range uses {
		facts[i] = check.Fact{Object: shell, Value: u}
	}
	return facts, nil
}

// onlyPublic reports whether a volume projects only certificates and
// public keys of the Secret ("items: [{key: ca.crt}]"): clients that verify
// a server's certificate share no credential.
func onlyPublic(items []corev1.KeyToPath) bool {
	if len(items) == 0 {
		return false // the whole Secret
	}
	for _, it := range items {
		if !publicKey(it.Key) {
			return false
		}
	}
	return true
}

func publicKey(key string) bool {
	return strings.HasSuffix(key, ".crt") || strings.HasSuffix(key, ".cer") || strings.HasSuffix(key, ".pub") ||
		key == "ca.pem" || key == "ca-bundle.pem"
}

// analyzeSecretUses groups the uses by Secret. Facts arrive in file order,
// so the first use of a group is its first workload in the input.
func analyzeSecretUses(facts []check.Fact, report func(*kube.Object, check.Finding)) {
	type key struct{ namespace, name string }
	groups := map[key][]check.Fact{}
	var order []key
	for _, f := range facts {
		k := key{f.Object.Namespace, f.Value.(secretUse).name}
		if groups[k] == nil {
			order = append(order, k)
		}
		// The same workload in several files (variants of one install)
		// is one workload.
		if !slices.ContainsFunc(groups[k], func(g check.Fact) bool { return g.Object.Ref == f.Object.Ref }) {
			groups[k] = append(groups[k], f)
		}
	}
	for _, k := range order {
		g := groups[k]
		if len(g) <= maxWorkloadsPerSecret {
			continue
		}
		first := g[0].Value.(secretUse)
		others := make([]string, 0, len(g)-1)
		for _, f := range g[1:] {
			others = append(others, f.Object.Kind+"/"+f.Object.Name)
		}
		report(g[0].Object, check.Finding{
			Path:     first.path,
			Location: first.location,
			Message: fmt.Sprintf("Secret %q is referenced by %d workloads of the namespace (more than %d): this one and %s",
				k.name, len(g), maxWorkloadsPerSecret, strings.Join(others, ", ")),
		})
	}
}
