package audit

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"
	"time"
)

// generateEvents writes n audit events of the shapes a busy cluster logs:
// controllers and nodes watching and updating, people listing and
// getting, service accounts reading config, a few writes with request
// bodies, some denials. The mix is fixed by seed.
func generateEvents(w io.Writer, n int, seed uint64) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	r := rand.New(rand.NewPCG(seed, seed^0x9e3779b97f4a7c15))
	users := []struct{ name, groups string }{
		{"system:kube-controller-manager", `["system:authenticated"]`},
		{"system:kube-scheduler", `["system:authenticated"]`},
		{"system:node:worker-1", `["system:nodes","system:authenticated"]`},
		{"system:node:worker-2", `["system:nodes","system:authenticated"]`},
		{"system:serviceaccount:kube-system:replicaset-controller", `["system:serviceaccounts","system:serviceaccounts:kube-system","system:authenticated"]`},
		{"system:serviceaccount:monitoring:prometheus", `["system:serviceaccounts","system:serviceaccounts:monitoring","system:authenticated"]`},
		{"alice@example.com", `["developers","system:authenticated"]`},
		{"bob@example.com", `["sre","system:authenticated"]`},
	}
	namespaces := []string{"default", "kube-system", "monitoring", "payments", "web", "batch-jobs"}
	resources := []struct{ group, version, resource string }{
		{"", "v1", "pods"}, {"", "v1", "configmaps"}, {"", "v1", "services"}, {"", "v1", "endpoints"},
		{"apps", "v1", "deployments"}, {"apps", "v1", "replicasets"}, {"coordination.k8s.io", "v1", "leases"},
		{"", "v1", "secrets"}, {"batch", "v1", "jobs"},
	}
	verbs := []string{"get", "get", "list", "watch", "update", "patch", "create", "delete"}
	agents := []string{"kube-controller-manager/v1.37.2 (linux/amd64) kubernetes/abcdef0/system:serviceaccount:kube-system:replicaset-controller",
		"kubelet/v1.37.2 (linux/amd64) kubernetes/abcdef0", "kubectl/v1.37.2 (linux/amd64) kubernetes/abcdef0", "prometheus/3.5.0"}
	t0 := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for i := range n {
		u := users[r.IntN(len(users))]
		ns := namespaces[r.IntN(len(namespaces))]
		res := resources[r.IntN(len(resources))]
		verb := verbs[r.IntN(len(verbs))]
		name := fmt.Sprintf("obj-%d", r.IntN(500))
		code, status := 200, `{"metadata":{},"code":200}`
		if verb == "create" {
			code, status = 201, `{"metadata":{},"code":201}`
		}
		if r.IntN(50) == 0 {
			code, status = 403, `{"metadata":{},"status":"Failure","message":"`+res.resource+` is forbidden: User \"`+u.name+`\" cannot `+verb+` resource \"`+res.resource+`\" in API group \"`+res.group+`\" in the namespace \"`+ns+`\"","reason":"Forbidden","details":{"kind":"`+res.resource+`"},"code":403}`
		}
		uri := "/api/v1/namespaces/" + ns + "/" + res.resource
		if res.group != "" {
			uri = "/apis/" + res.group + "/" + res.version + "/namespaces/" + ns + "/" + res.resource
		}
		nameField := ""
		if verb != "list" && verb != "watch" {
			uri += "/" + name
			nameField = `,"name":"` + name + `"`
		}
		level, body := "Metadata", ""
		if (verb == "create" || verb == "update") && res.resource != "secrets" && res.resource != "configmaps" {
			level = "Request"
			body = `,"requestObject":{"kind":"` + kindOf(res.resource) + `","apiVersion":"` + apiVersion(res.group, res.version) + `","metadata":{"name":"` + name + `","namespace":"` + ns + `","labels":{"app":"web","tier":"frontend"}},"spec":{"replicas":3,"selector":{"matchLabels":{"app":"web"}},"template":{"metadata":{"labels":{"app":"web"}},"spec":{"containers":[{"name":"app","image":"registry.example.com/web:1.4.2","ports":[{"containerPort":8080}],"resources":{"limits":{"cpu":"500m","memory":"256Mi"}}}]}}}}`
		}
		at := t0.Add(time.Duration(i) * 3 * time.Millisecond)
		ts := at.Format("2006-01-02T15:04:05.000000Z07:00")
		done := at.Add(time.Duration(1+r.IntN(9)) * time.Millisecond).Format("2006-01-02T15:04:05.000000Z07:00")
		decision := "allow"
		if code == 403 {
			decision = "forbid"
		}
		_, err := fmt.Fprintf(bw, `{"kind":"Event","apiVersion":"audit.k8s.io/v1","level":"%s","auditID":"%08x-%04x-4%03x-8%03x-%012x","stage":"ResponseComplete","requestURI":"%s","verb":"%s","user":{"username":"%s","groups":%s},"sourceIPs":["10.0.%d.%d"],"userAgent":"%s","objectRef":{"resource":"%s","namespace":"%s"%s,"apiGroup":"%s","apiVersion":"%s"},"responseStatus":%s%s,"requestReceivedTimestamp":"%s","stageTimestamp":"%s","annotations":{"authorization.k8s.io/decision":"%s","authorization.k8s.io/reason":"RBAC: allowed by ClusterRoleBinding \"system:controller\" of ClusterRole \"system:controller\" to User \"%s\""}}`+"\n",
			level, r.Uint32(), r.IntN(1<<16), r.IntN(1<<12), r.IntN(1<<12), r.Uint64()&(1<<48-1), uri, verb, u.name, u.groups,
			r.IntN(4), 1+r.IntN(250), agents[r.IntN(len(agents))], res.resource, ns, nameField, res.group, res.version, status, body, ts, done, decision, u.name)
		if err != nil {
			return err
		}
	}
	return bw.Flush()
}

func kindOf(resource string) string {
	switch resource {
	case "pods":
		return "Pod"
	case "services":
		return "Service"
	case "endpoints":
		return "Endpoints"
	case "deployments":
		return "Deployment"
	case "replicasets":
		return "ReplicaSet"
	case "leases":
		return "Lease"
	case "jobs":
		return "Job"
	}
	return "Object"
}

func apiVersion(group, version string) string {
	if group == "" {
		return version
	}
	return group + "/" + version
}
