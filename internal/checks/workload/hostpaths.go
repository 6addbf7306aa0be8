package workload

import (
	"path"
	"strings"
)

// Host paths are compared after path.Clean so that "/var/run/", "//etc" and
// "/etc/./kubernetes" all name what the kubelet would mount.
func cleanHostPath(p string) (string, bool) {
	if !strings.HasPrefix(p, "/") {
		// Relative or Windows paths: the kubelet rejects the first and the
		// lists below are about Linux hosts.
		return "", false
	}
	return path.Clean(p), true
}

// within reports whether p is dir or lies below it.
func within(p, dir string) bool {
	if dir == "/" {
		return true
	}
	return p == dir || strings.HasPrefix(p, dir+"/")
}

// runtimePaths are container runtime sockets and the directories that hold
// them, written under /run: /var/run is a symlink to /run on every current
// distribution, so a mount of either reaches the same socket.
var runtimePaths = []string{
	"/run/docker.sock",
	"/run/dockershim.sock",
	"/run/cri-dockerd.sock",
	"/run/docker",
	"/run/containerd",
	"/run/crio",
	"/run/podman",
	"/run/k3s/containerd",
}

// runtimeSocketPath reports whether a cleaned host path reaches a container
// runtime socket: the socket itself, anything in a runtime's socket
// directory, or a directory under /run that contains one (/run, /var/run,
// /run/k3s). Ancestors above /run ("/", "/var") are left to
// sensitive-host-path, which names them for what they are.
func runtimeSocketPath(p string) bool {
	if rest, ok := strings.CutPrefix(p, "/var/run"); ok && (rest == "" || rest[0] == '/') {
		p = "/run" + rest
	}
	if !within(p, "/run") {
		return false
	}
	for _, r := range runtimePaths {
		if within(p, r) || within(r, p) {
			return true
		}
	}
	return false
}

// sensitiveTrees are host directories where the directory and everything
// below it is sensitive: host configuration and credentials, kubelet and
// runtime state (every pod's secrets and every container's filesystem),
// home directories, the kernel's process view and boot files.
var sensitiveTrees = []string{
	"/etc",
	"/root",
	"/home",
	"/proc",
	"/boot",
	"/var/lib/kubelet",
	"/var/lib/docker",
	"/var/lib/containerd",
}

// sensitiveDirs are sensitive as a whole, while much of what lies below them
// is mounted routinely and narrowly by node agents (/dev/fuse, /sys/fs/bpf,
// /run/xtables.lock, /var/log/calico): flagging those would bury the
// findings that matter. The generic hostPath control of the Pod Security
// Standards still reports every hostPath volume.
var sensitiveDirs = []string{
	"/dev",
	"/sys",
	"/run",
	"/var/run",
	"/var/log",
}

// benignEtc are read-only, non-secret files under /etc that workloads mount
// for the host's time zone, identity or CA bundle.
var benignEtc = []string{
	"/etc/localtime",
	"/etc/timezone",
	"/etc/machine-id",
	"/etc/os-release",
	"/etc/ssl/certs",
	"/etc/pki/ca-trust",
	"/etc/pki/tls/certs",
	"/etc/ca-certificates",
}

// csiPluginDir reports a CSI node plugin's own socket directory
// (/var/lib/kubelet/plugins/<driver>) or the kubelet's plugin registration
// directory: every CSI driver mounts them to talk to the kubelet, and they
// hold sockets, not pod data. The parent /var/lib/kubelet/plugins, which
// reaches every driver's socket, stays sensitive, and so does
// /var/lib/kubelet/pods, which CSI drivers also mount.
func csiPluginDir(p string) bool {
	rest, ok := strings.CutPrefix(p, "/var/lib/kubelet/plugins/")
	return (ok && rest != "") || within(p, "/var/lib/kubelet/plugins_registry")
}

// sensitiveHostPath reports whether a cleaned host path is sensitive: one of
// the lists above, a path inside a sensitive tree, or an ancestor of any of
// them ("/" and "/var/lib" expose what they contain).
func sensitiveHostPath(p string) bool {
	if csiPluginDir(p) {
		return false
	}
	for _, b := range benignEtc {
		if within(p, b) {
			return false
		}
	}
	for _, t := range sensitiveTrees {
		if within(p, t) || within(t, p) {
			return true
		}
	}
	for _, d := range sensitiveDirs {
		if within(d, p) {
			return true
		}
	}
	return false
}
