package scan_test

import (
	"context"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"k8s.io/client-go/rest"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/scan"
	"github.com/kubeward/kubeward/internal/testcluster"
)

type restConfig = rest.Config

// byObject renders findings as "Kind/namespace/name" -> sorted lines of
// check, status, severity, path, container and message.
func byObject(fs []check.Finding) map[string][]string {
	out := map[string][]string{}
	for _, f := range fs {
		k := f.Object.String()
		out[k] = append(out[k], fmt.Sprintf("%s %s %s %s [%s] %s", f.Check, f.Status, f.Severity, f.Path, f.Container, f.Message))
	}
	for _, v := range out {
		slices.Sort(v)
	}
	return out
}

// TestClusterMatchesFiles applies examples/insecure and examples/hardened
// to the apiserver and checks that every object gives exactly the
// findings it gives when read from its file, although the server has
// defaulted fields the files leave out (imagePullPolicy,
// terminationMessagePath, dnsPolicy, restartPolicy, schedulerName, a
// Deployment's strategy, a CronJob's concurrencyPolicy, ...): the checks
// read what the API server would apply, so a default changes no verdict.
// The only objects without a file, each namespace's default
// ServiceAccount and the insecure example's Namespace, must have none.
func TestClusterMatchesFiles(t *testing.T) {
	tc := testcluster.Get(t)
	dir := t.TempDir()
	suffix := strings.ToLower(t.Name()[len(t.Name())-5:])
	for _, example := range []string{"insecure", "hardened"} {
		t.Run(example, func(t *testing.T) {
			ns := "billing-" + example + "-" + suffix
			file := renamed(t, example, dir, ns)
			fileRes := scan.Run(context.Background(), scan.Config{Paths: []string{file},
				Engine: check.NewEngine(checks.All(), check.Options{})})
			if len(fileRes.Errors) > 0 {
				t.Fatal(fileRes.Errors)
			}
			apply(t, tc, readObjects(t, file), ns)
			live := scanCluster(t, tc.AdminConfig(), ns)
			if len(live.Errors) > 0 || len(live.Gaps) > 0 {
				t.Fatalf("errors %v, gaps %v", live.Errors, live.Gaps)
			}
			for _, f := range live.Findings {
				if f.Object.Cluster != "test" || f.Object.ResourceVersion == "" || !strings.HasSuffix(f.Location.Object, "/"+f.Object.Name) {
					t.Errorf("finding on %s does not name the cluster object: %+v %+v", f.Object, f.Object, f.Location)
				}
			}
			want, got := byObject(fileRes.Findings), byObject(live.Findings)
			t.Logf("%d findings on %d objects from the file, %d from the cluster (%v)", len(fileRes.Findings), fileRes.Objects, len(live.Findings), live.Kinds)
			if len(want) == 0 && example == "insecure" {
				t.Fatal("the insecure example gave no findings")
			}
			for obj, fs := range want {
				if !slices.Equal(got[obj], fs) {
					t.Errorf("%s from the cluster:\n  %s\nfrom the file:\n  %s", obj, strings.Join(got[obj], "\n  "), strings.Join(fs, "\n  "))
				}
			}
			extra := map[string][]string{}
			for obj, fs := range got {
				if _, ok := want[obj]; !ok {
					extra[obj] = fs
				}
			}
			if len(extra) > 0 {
				t.Errorf("findings on objects not in the file: %v", extra)
			}
			// Every object of the file was listed, plus the default
			// ServiceAccount (and the Namespace the insecure file lacks).
			wantKinds := maps.Clone(fileRes.Kinds)
			wantKinds["ServiceAccount"]++
			if example == "insecure" {
				wantKinds["Namespace"]++
			}
			if !maps.Equal(live.Kinds, wantKinds) {
				t.Errorf("evaluated kinds %v, want %v", live.Kinds, wantKinds)
			}
		})
	}
}
