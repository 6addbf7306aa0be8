package images

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/imageref"
	"github.com/kubeward/kubeward/internal/kube"
	corev1 "k8s.io/api/core/v1"
)

// PullPolicyMutableTag reports containers that may run a cached image
// while their tag points elsewhere.
var PullPolicyMutableTag = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "image-pull-policy-mutable-tag",
		Title:    "Cached image used for a mutable tag",
		Severity: check.Low,
		Family:   Family,
		Description: "The container sets imagePullPolicy to IfNotPresent or Never while its image is named by " +
			"a tag, not a digest. Tags move: the node then runs whatever image it cached under that tag " +
			"(an old build, or one planted in its image store), replicas on different nodes may run " +
			"different images, and a pod can start from another tenant's cached private image without " +
			"the registry checking its pull credentials. Only explicit policies are reported: when the " +
			"field is omitted, Kubernetes defaults to Always for the latest tag or no tag, and to " +
			"IfNotPresent otherwise, which image-not-pinned-by-digest already covers. Images pinned by " +
			"digest are fine with any policy.",
		Remediation: "Pin the image by digest (image@sha256:...), or set imagePullPolicy: Always so the " +
			"kubelet resolves the tag and checks pull credentials at every start; enable the " +
			"AlwaysPullImages admission plugin on multi-tenant clusters.",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "secure-images"},
			{Framework: check.FrameworkMITRE, ID: "T1525"},
		},
		Peers: check.Peers{Polaris: "pullPolicyNotAlways", Kubescape: "C-0075", Checkov: "CKV_K8S_15"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if c.ImagePullPolicy != corev1.PullIfNotPresent && c.ImagePullPolicy != corev1.PullNever {
			return nil
		}
		if imageref.Unresolved(c.Image) {
			return nil
		}
		ref := imageref.Parse(c.Image)
		if ref.Digest != "" {
			return nil
		}
		tag := ref.Tag
		if tag == "" {
			tag = "latest"
		}
		p.Reportf(c.Path+".imagePullPolicy", "%s uses image %q by the mutable tag %q with imagePullPolicy %s: "+
			"a node runs the image it cached under that tag", c.Describe(), c.Image, tag, c.ImagePullPolicy)
		return nil
	},
}
