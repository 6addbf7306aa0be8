# kubeward: `make test` is what CI runs; `make bench` measures the scan on
# the real-world corpus in ../shared/corpus.
GO        ?= go
BIN       ?= bin
CORPUS    ?= ../shared/corpus
FUZZTIME  ?= 60s

.PHONY: build test vet bench bench-go fuzz docs example

build:
	$(GO) build -o $(BIN)/kubeward ./cmd/kubeward
	$(GO) build -o $(BIN)/kubectl-ward ./cmd/kubectl-ward

test:
	$(GO) vet ./...
	$(GO) test -race ./...

vet:
	$(GO) vet ./...

example: build
	$(BIN)/kubeward scan examples/ || true

# Scans the corpus at 1x, 10x and 100x; prints objects/s, wall time and peak
# memory. A peer scanner found on PATH (kube-linter) is timed on the same input.
bench: build
	CORPUS=$(CORPUS) KUBEWARD=$(BIN)/kubeward scripts/bench.sh

bench-go:
	$(GO) test -run '^$$' -bench . -benchmem ./internal/scan/ ./internal/source/ ./internal/check/... ./internal/yamlfast/

FUZZPKGS  ?= ./internal/source/ ./internal/kube/ ./internal/yamlfast/ ./internal/policy/ ./internal/report/

fuzz:
	for p in $(FUZZPKGS); do \
		for t in $$($(GO) test -list '^Fuzz' $$p | grep ^Fuzz); do \
			$(GO) test -run '^$$' -fuzz "^$$t$$" -fuzztime $(FUZZTIME) $$p || exit 1; done; done

docs:
	$(GO) test ./docs -update

# Runs the kube-apiserver + etcd that the tests use until Ctrl-C and prints
# its kubeconfig. The first run builds them (about 11 minutes).
.PHONY: cluster
cluster:
	$(GO) run ./internal/testcluster/devcluster

# Load test of the admission webhook: `kubeward admission serve` as its own
# process, with every built-in check plus one Rego policy, answering
# AdmissionReviews of a real Deployment over TLS with keep-alive on
# loopback at fixed rates, three trials each (docs/admission.md).
# POLICY=examples/policies runs both example policies, POLICY= none.
POLICY ?= examples/policies/allowed_registries.rego
.PHONY: bench-admission
bench-admission: build
	$(GO) run ./internal/admission/loadtest -server $(BIN)/kubeward -server-procs 2 -rates 500,1000,1500,2000 -policy "$(POLICY)"
