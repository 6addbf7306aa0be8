package secrets

import (
	"maps"
	"slices"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
	metav1 "k8s.io/apimachinery/pkg/apis/meta/v1"
)

// lastApplied is the annotation kubectl apply stores the applied object
// in. It repeats the object's own fields, which the other checks judge
// where they live (an env value in the container, a key in the ConfigMap's
// data); scanning it would report each of them twice, at a worse path.
const lastApplied = "kubectl.kubernetes.io/last-applied-configuration"

// SecretInAnnotation reports credentials in the annotations of objects and
// of pod templates. Its findings name the annotation, never the value.
var SecretInAnnotation = &check.Check[*metav1.ObjectMeta]{
	Meta: check.Meta{
		ID:       "secret-in-annotation",
		Title:    "Credential in an annotation",
		Severity: check.High,
		Family:   Family,
		Description: "An annotation of the object, or of its pod template, holds a credential in a known " +
			"format (private key, cloud access key, GitHub, GitLab or Slack token, JSON Web Token, URL or " +
			"connection string with a password), a config document with a password or token setting, or, " +
			"under an annotation name that says it is a secret (\"…/api-token\"), a long random value. " +
			"Short values under such names are not reported: annotations such as " +
			"nginx.ingress.kubernetes.io/auth-secret name a Secret rather than hold one. The domain prefix " +
			"of an annotation is not read as part of its name, and " + lastApplied + " is skipped since it " +
			"repeats the object's own fields, which the other checks judge where they are. Annotations are " +
			"readable by everyone who may read the object, appear in every list and watch of its kind and " +
			"are copied by tools and controllers: they are no place for a secret. Findings never include " +
			"the value.",
		Remediation: "Move the value into a Secret (or an external secret store) and reference it by name; " +
			"rotate the credential, since it has been exposed.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "secrets"},
			{Framework: check.FrameworkMITRE, ID: "T1552"},
		},
	},
	Run: func(p *check.Pass[*metav1.ObjectMeta]) error {
		reportAnnotations(p, "metadata", p.Subject.Annotations)
		w, err := p.Object.Workload()
		if err != nil || w == nil || w.MetaPath == "metadata" {
			// A workload whose template does not decode is reported by the
			// engine through the workload checks; a Pod has no template.
			return nil
		}
		reportAnnotations(p, w.MetaPath, w.PodMeta.Annotations)
		return nil
	},
}

func reportAnnotations(p *check.Pass[*metav1.ObjectMeta], metaPath string, annotations map[string]string) {
	for _, k := range slices.Sorted(maps.Keys(annotations)) {
		if k == lastApplied {
			continue
		}
		if name, hits := judgeAnnotation(k, annotations[k]); len(hits) > 0 {
			p.Reportf(kube.Key(metaPath+".annotations", k), "annotation %q holds %s (redacted); move it into a Secret",
				k, summarize(name, hits))
		}
	}
}

// judgeAnnotation judges an annotation by the name after its domain
// prefix, strictly: annotation values name Secrets far more often than
// they hold one. A digest word anywhere in the key ("checksum/secret")
// leaves only the value's format to judge.
func judgeAnnotation(key, v string) (name string, hits []hit) {
	name = key[strings.LastIndexByte(key, '/')+1:]
	if namesDigest(key) {
		name = ""
	}
	return name, judgeEntry(name, v, true)
}
