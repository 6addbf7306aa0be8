package check_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
	"github.com/kubeward/kubeward/internal/kube"
)

// benchDeployment is a typical application Deployment.
const benchDeployment = `{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"web","namespace":"shop"},
"spec":{"replicas":3,"template":{"metadata":{"labels":{"app":"web"}},"spec":{
"containers":[{"name":"app","image":"nginx:1.27","ports":[{"containerPort":80}],
"env":[{"name":"MODE","value":"prod"}],"resources":{"limits":{"memory":"128Mi"}},
"securityContext":{"privileged":true}},
{"name":"sidecar","image":"envoy:1.30","securityContext":{"runAsNonRoot":true}}]}}}}`

// BenchmarkEvaluate measures running every built-in check on one
// Deployment, decode of the pod template included.
func BenchmarkEvaluate(b *testing.B) {
	engine := check.NewEngine(checks.All(), check.Options{})
	for b.Loop() {
		o, err := kube.NewObject([]byte(benchDeployment), nil, kube.Location{File: "bench.yaml", Line: 1}, 0, 0)
		if err != nil {
			b.Fatal(err)
		}
		if _, err := engine.Evaluate(o); err != nil {
			b.Fatal(err)
		}
	}
}
