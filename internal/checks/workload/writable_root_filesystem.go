package workload

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// WritableRootFilesystem reports containers whose root filesystem is writable.
var WritableRootFilesystem = &check.Check[kube.Container]{
	Meta: check.Meta{
		ID:       "writable-root-filesystem",
		Title:    "Writable root filesystem",
		Severity: check.Medium,
		Family:   Family,
		Description: "The container does not set securityContext.readOnlyRootFilesystem to true, so a process in " +
			"it can change the image's binaries and configuration or drop tools and persist them for the life " +
			"of the container. Regular and init containers are checked: both run code from the manifest for " +
			"their whole life. Ephemeral containers are not, since they are added by hand for interactive " +
			"debugging and are not part of the workload as written. Pods that declare spec.os.name: windows " +
			"are skipped because Windows does not support the setting.",
		Remediation: "Set securityContext.readOnlyRootFilesystem: true and mount an emptyDir volume at each path " +
			"the application writes to (for example /tmp or a cache directory).",
		Controls: []check.Control{
			{Framework: check.FrameworkNSA, ID: "immutable-filesystems"},
			{Framework: check.FrameworkMITRE, ID: "T1525"},
			{Framework: check.FrameworkMITRE, ID: "T1105"},
		},
		Peers: check.Peers{KubeLinter: "no-read-only-root-fs", Polaris: "notReadOnlyRootFilesystem", Kubescape: "C-0017", Trivy: "KSV014", Checkov: "CKV_K8S_22"},
	},
	Run: func(p *check.Pass[kube.Container]) error {
		c := p.Subject
		if c.Kind == kube.EphemeralContainer || c.Workload.IsWindows() {
			return nil
		}
		sc := c.SecurityContext
		switch {
		case sc == nil || sc.ReadOnlyRootFilesystem == nil:
			p.Reportf(c.Path+".securityContext.readOnlyRootFilesystem",
				"%s does not set securityContext.readOnlyRootFilesystem, so its root filesystem is writable", c.Describe())
		case !*sc.ReadOnlyRootFilesystem:
			p.Reportf(c.Path+".securityContext.readOnlyRootFilesystem",
				"%s sets securityContext.readOnlyRootFilesystem to false", c.Describe())
		}
		return nil
	},
}
