package testcluster

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// ServiceAccountIssuer is the issuer the apiserver writes into
// service-account tokens.
const ServiceAccountIssuer = "https://kubernetes.default.svc.cluster.local"

// ServiceClusterIPRange is the apiserver's Service IP range. No network
// ever routes it; the flag is set only because the default is deprecated.
const ServiceClusterIPRange = "10.0.0.0/24"

// pkiFiles are the paths of what writeFiles put on disk.
type pkiFiles struct {
	caCert, servingCert, servingKey, saKey, saPub, auditPolicy string
}

// writeFiles makes the CA, the apiserver's serving certificate, the admin
// client certificate and the service-account key pair, and writes what the
// components read from disk.
func (c *Cluster) writeFiles(opts Options) (pkiFiles, error) {
	ca, err := newAuthority()
	if err != nil {
		return pkiFiles{}, err
	}
	c.ca = ca
	serving, err := ca.serving("kube-apiserver", "127.0.0.1", "localhost", "10.0.0.1",
		"kubernetes", "kubernetes.default", "kubernetes.default.svc", "kubernetes.default.svc.cluster.local")
	if err != nil {
		return pkiFiles{}, err
	}
	if c.admin, err = ca.client(AdminUser, "system:masters"); err != nil {
		return pkiFiles{}, err
	}
	saKey, saPub, err := newSigningKey()
	if err != nil {
		return pkiFiles{}, err
	}
	policy := opts.AuditPolicy
	if policy == nil {
		policy = []byte(defaultAuditPolicy)
	}

	pki := filepath.Join(c.dir, "pki")
	if err := os.Mkdir(pki, 0o700); err != nil {
		return pkiFiles{}, err
	}
	f := pkiFiles{
		caCert:      filepath.Join(pki, "ca.crt"),
		servingCert: filepath.Join(pki, "apiserver.crt"),
		servingKey:  filepath.Join(pki, "apiserver.key"),
		saKey:       filepath.Join(pki, "sa.key"),
		saPub:       filepath.Join(pki, "sa.pub"),
		auditPolicy: filepath.Join(c.dir, "audit-policy.yaml"),
	}
	for path, data := range map[string][]byte{
		f.caCert:      ca.certPEM,
		f.servingCert: serving.certPEM,
		f.servingKey:  serving.keyPEM,
		f.saKey:       saKey,
		f.saPub:       saPub,
		f.auditPolicy: policy,
	} {
		if err := os.WriteFile(path, data, 0o600); err != nil {
			return pkiFiles{}, err
		}
	}
	return f, nil
}

func etcdArgs(dataDir string, client, peer int) []string {
	clientURL := "http://" + hostPort(client)
	peerURL := "http://" + hostPort(peer)
	return []string{
		"--name=testcluster",
		"--data-dir=" + dataDir,
		"--listen-client-urls=" + clientURL,
		"--advertise-client-urls=" + clientURL,
		"--listen-peer-urls=" + peerURL,
		"--initial-advertise-peer-urls=" + peerURL,
		"--initial-cluster=testcluster=" + peerURL,
		// Test data is thrown away; skipping fsync makes writes much faster.
		"--unsafe-no-fsync",
	}
}

// etcdEnv is the environment without ETCD_* variables: etcd reads its
// flags from those too, and one left in a developer's shell would change or
// break the harness's etcd.
func etcdEnv() []string {
	var env []string
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "ETCD_") {
			env = append(env, kv)
		}
	}
	return env
}

func apiserverArgs(f pkiFiles, etcdClient, securePort int, opts Options) []string {
	return []string{
		"--etcd-servers=http://" + hostPort(etcdClient),
		"--bind-address=127.0.0.1",
		"--secure-port=" + strconv.Itoa(securePort),
		// Without an advertise address the apiserver publishes the host's
		// first interface; 127.0.0.1 in turn is refused by the endpoint
		// reconciler unless it is off.
		"--advertise-address=127.0.0.1",
		"--endpoint-reconciler-type=none",
		"--service-cluster-ip-range=" + ServiceClusterIPRange,
		"--tls-cert-file=" + f.servingCert,
		"--tls-private-key-file=" + f.servingKey,
		"--client-ca-file=" + f.caCert,
		"--anonymous-auth=" + strconv.FormatBool(!opts.DisableAnonymousAuth),
		"--authorization-mode=Node,RBAC",
		"--enable-admission-plugins=NodeRestriction",
		// Security fixtures are privileged pods; without this they are
		// rejected before any check sees them.
		"--allow-privileged=true",
		"--service-account-key-file=" + f.saPub,
		"--service-account-signing-key-file=" + f.saKey,
		"--service-account-issuer=" + ServiceAccountIssuer,
		"--audit-policy-file=" + f.auditPolicy,
		"--audit-log-path=" + filepath.Join(filepath.Dir(f.auditPolicy), "audit.log"),
		"--audit-log-format=json",
		"--audit-log-maxsize=200",
		"--audit-log-maxbackup=1",
		"--cert-dir=" + filepath.Join(filepath.Dir(f.auditPolicy), "apiserver-certs"),
	}
}

// mergeFlags appends extra to base, dropping each base flag that extra names
// again: repeating a list flag would append to it, not replace it.
func mergeFlags(base, extra []string) []string {
	named := make(map[string]bool, len(extra))
	for _, e := range extra {
		named[flagName(e)] = true
	}
	out := make([]string, 0, len(base)+len(extra))
	for _, b := range base {
		if !named[flagName(b)] {
			out = append(out, b)
		}
	}
	return append(out, extra...)
}

func flagName(arg string) string {
	name, _, _ := strings.Cut(strings.TrimLeft(arg, "-"), "=")
	return name
}

// checkExtraFlags rejects what the apiserver would misread: a bare value or
// a flag split over two arguments.
func checkExtraFlags(extra []string) error {
	for _, e := range extra {
		if !strings.HasPrefix(e, "--") || flagName(e) == "" {
			return fmt.Errorf("extra apiserver flag %q: want --name=value", e)
		}
	}
	return nil
}
