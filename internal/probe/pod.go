package probe

import (
	"bufio"
	"context"
	"fmt"
	"io/fs"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/kube"
)

// PodOptions are the in-pod probes' inputs. The defaults are the real
// paths; tests point them at files and a loopback server.
type PodOptions struct {
	Name        string // the pod's name in findings (default: the host name)
	SecretsDir  string // default /var/run/secrets
	ProcStatus  string // default /proc/self/status
	MetadataURL string // default http://169.254.169.254
}

// capNetRaw is CAP_NET_RAW's bit in the capability sets.
const capNetRaw = 13

func (o *PodOptions) defaults() PodOptions {
	p := *o
	if p.Name == "" {
		p.Name, _ = os.Hostname()
	}
	if p.SecretsDir == "" {
		p.SecretsDir = "/var/run/secrets"
	}
	if p.ProcStatus == "" {
		p.ProcStatus = "/proc/self/status"
	}
	if p.MetadataURL == "" {
		p.MetadataURL = "http://169.254.169.254"
	}
	return p
}

// TokenPath is where the pod's service-account token is mounted.
func (o *PodOptions) TokenPath() string {
	p := o.defaults()
	return filepath.Join(p.SecretsDir, "kubernetes.io", "serviceaccount", "token")
}

// probePod runs the probes that look at the pod the prober runs in.
func (r *runner) probePod(ctx context.Context) []check.Finding {
	p := r.opts.Pod.defaults()
	ref := kube.Ref{APIVersion: RefAPIVersion, Kind: "Pod", Name: p.Name}
	var out []check.Finding
	tokenPath := r.opts.Pod.TokenPath()
	if data, err := os.ReadFile(tokenPath); err == nil && len(strings.TrimSpace(string(data))) > 0 {
		out = append(out, failf(PodToken, ref, []check.Evidence{{Source: "file", File: tokenPath, Value: "readable"}},
			"a service-account token is mounted at %s", tokenPath))
	} else {
		out = append(out, passf(PodToken, ref, []check.Evidence{{Source: "file", File: tokenPath, Value: "absent"}},
			"no service-account token at %s", tokenPath))
	}
	out = append(out, secretFiles(ref, p.SecretsDir)...)
	out = append(out, netRaw(ref, p.ProcStatus))
	out = append(out, r.metadata(ctx, ref, p.MetadataURL)...)
	return out
}

func secretFiles(ref kube.Ref, dir string) []check.Finding {
	var files []string
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return nil // unreadable parts are not readable secrets
		}
		// Kubernetes projects volumes through ..data symlinks; the
		// timestamped directories repeat the same files.
		if d.IsDir() && strings.HasPrefix(d.Name(), "..") {
			return filepath.SkipDir
		}
		if !d.IsDir() && !strings.HasPrefix(d.Name(), "..") {
			if f, err := os.Open(path); err == nil {
				f.Close()
				files = append(files, path)
			}
		}
		return nil
	})
	ev := []check.Evidence{{Source: "file", File: dir}}
	if err != nil || len(files) == 0 {
		return []check.Finding{passf(PodSecrets, ref, ev, "no readable files under %s", dir)}
	}
	ev[0].Detail = strings.Join(files, ", ")
	return []check.Finding{failf(PodSecrets, ref, ev, "%d readable files under %s", len(files), dir)}
}

// netRaw reads the effective capabilities of the prober's own process.
func netRaw(ref kube.Ref, status string) check.Finding {
	f, err := os.Open(status)
	if err != nil {
		return errorf(PodNetRaw, ref, []check.Evidence{{Source: "file", File: status, Value: err.Error()}}, "could not read the effective capabilities: %v", err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		hex, ok := strings.CutPrefix(sc.Text(), "CapEff:")
		if !ok {
			continue
		}
		hex = strings.TrimSpace(hex)
		caps, err := strconv.ParseUint(hex, 16, 64)
		ev := []check.Evidence{{Source: "file", File: status, Setting: "CapEff", Value: hex}}
		switch {
		case err != nil:
			return errorf(PodNetRaw, ref, ev, "CapEff %q is not a hexadecimal capability set", hex)
		case caps&(1<<capNetRaw) != 0:
			return failf(PodNetRaw, ref, ev, "the effective capability set %s includes CAP_NET_RAW", hex)
		default:
			return passf(PodNetRaw, ref, ev, "the effective capability set %s lacks CAP_NET_RAW", hex)
		}
	}
	return errorf(PodNetRaw, ref, []check.Evidence{{Source: "file", File: status}}, "no CapEff line in %s", status)
}

// metadata tries each cloud's instance metadata service the way its own
// clients do. Unreachable is a pass.
func (r *runner) metadata(ctx context.Context, ref kube.Ref, base string) []check.Finding {
	c := newClient("http", strings.TrimPrefix(strings.TrimPrefix(base, "http://"), "https://"), r.opts.Timeout)
	defer c.close()
	var out []check.Finding
	judge := func(rule *Rule, xs ...*exchange) {
		var ev []check.Evidence
		for _, x := range xs {
			ev = append(ev, x.Evidence())
		}
		last := xs[len(xs)-1]
		if last.OK() {
			out = append(out, failf(rule, ref, ev, "%s from inside the pod", last.Describe()))
		} else {
			out = append(out, passf(rule, ref, ev, "%s: not reachable from the pod", last.Describe()))
		}
	}
	tok := c.do(ctx, http.MethodPut, "/latest/api/token", "", nil, "X-aws-ec2-metadata-token-ttl-seconds", "60")
	var md *exchange
	if tok.OK() {
		md = c.do(ctx, http.MethodGet, "/latest/meta-data/", "", nil, "X-aws-ec2-metadata-token", strings.TrimSpace(string(tok.Body)))
	} else {
		md = c.get(ctx, "/latest/meta-data/") // IMDSv1
	}
	judge(MetadataAWS, tok, md)
	judge(MetadataAzure, c.do(ctx, http.MethodGet, "/metadata/instance?api-version=2021-02-01", "", nil, "Metadata", "true"))
	judge(MetadataGCP, c.do(ctx, http.MethodGet, "/computeMetadata/v1/instance/", "", nil, "Metadata-Flavor", "Google"))
	return out
}

// ReadToken reads a service-account token file.
func ReadToken(path string) (string, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return "", fmt.Errorf("read token: %w", err)
	}
	return strings.TrimSpace(string(data)), nil
}
