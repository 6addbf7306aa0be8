package bench

import (
	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/node"
)

// Status is a benchmark result.
type Status string

const (
	Pass Status = "PASS"
	Fail Status = "FAIL"
	// Warn: a manual recommendation, or one CIS does not label Automated
	// whose test failed.
	Warn Status = "WARN"
	// NotEvaluated: nothing here tells whether the recommendation holds
	// (component not running, file missing, permission denied, needs the
	// API); Reason says which. Never a pass or a fail.
	NotEvaluated Status = "NOT-EVALUATED"
)

// Result is the outcome of one check on one node (or component).
type Result struct {
	Check    *Check
	Status   Status
	Reason   string // what was seen, or why nothing was
	Manual   bool   // a manual recommendation: Warn means "review", not "failed"
	Evidence []check.Evidence
}

// Files is how file checks and config files named by flags are read: a
// node.Snapshot on a node.
type Files interface {
	Stat(path string) (node.FileInfo, error)
	Walk(dir string, fn func(node.FileInfo, error) error) error
	ReadFile(path string) ([]byte, error)
}

// APIEvaluator answers api checks through the Kubernetes API. Node mode
// has none; a cluster mode provides one.
type APIEvaluator interface {
	EvaluateAPI(c *Check) Result
}

// Environment is everything a benchmark run evaluates.
type Environment struct {
	Node       string                // node name, for reports
	Components map[string]*Component // running components by benchmark name
	Files      Files                 // nil: file checks are not evaluated
	API        APIEvaluator          // nil: api checks are not evaluated
	Notes      []string              // what could not be seen, for the report
	// Remote, when set, names a mode that reads the node from afar
	// ("bench --cluster"): components it does not see and files are then
	// not evaluated for that reason instead of "not running".
	Remote string
}
