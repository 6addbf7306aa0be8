package checks_test

import (
	"testing"

	"github.com/kubeward/kubeward/internal/check"
	"github.com/kubeward/kubeward/internal/checks"
)

func TestRegistryIsValid(t *testing.T) {
	if err := check.Validate(checks.All()); err != nil {
		t.Fatal(err)
	}
}
