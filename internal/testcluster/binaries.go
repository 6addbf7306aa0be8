package testcluster

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
)

// Environment variables that steer the harness.
const (
	// EnvBinDir names a directory holding kube-apiserver and etcd. When set,
	// the build script is not run.
	EnvBinDir = "KUBEWARD_TESTCLUSTER_BIN"
	// EnvSwitch set to "off" makes Main skip the tests that need a cluster
	// instead of failing them when the binaries are missing.
	EnvSwitch = "KUBEWARD_TESTCLUSTER"
)

const (
	apiserverBin = "kube-apiserver"
	etcdBin      = "etcd"
	buildScript  = "scripts/testcluster-binaries.sh"
	modulePath   = "github.com/kubeward/kubeward"
)

// BinariesError is Start's error when kube-apiserver or etcd is missing
// and could not be built.
type BinariesError struct{ Err error }

func (e *BinariesError) Error() string { return "find kube-apiserver and etcd: " + e.Err.Error() }
func (e *BinariesError) Unwrap() error { return e.Err }

// findBinaries returns the directory holding kube-apiserver and etcd: the
// one EnvBinDir names, else the one the repository's build script prints
// (building them first if its cache is cold).
func findBinaries(ctx context.Context) (string, error) {
	if dir := os.Getenv(EnvBinDir); dir != "" {
		if err := checkBinaries(dir); err != nil {
			return "", fmt.Errorf("%s=%s: %w", EnvBinDir, dir, err)
		}
		return dir, nil
	}
	root, err := repoRoot()
	if err != nil {
		return "", err
	}
	dir, err := runBuildScript(ctx, root)
	if err != nil {
		return "", err
	}
	if err := checkBinaries(dir); err != nil {
		return "", fmt.Errorf("%s printed %s: %w", buildScript, dir, err)
	}
	return dir, nil
}

func checkBinaries(dir string) error {
	for _, name := range []string{apiserverBin, etcdBin} {
		fi, err := os.Stat(filepath.Join(dir, name))
		if err != nil {
			return err
		}
		if fi.IsDir() || fi.Mode()&0o111 == 0 {
			return fmt.Errorf("%s is not an executable file", filepath.Join(dir, name))
		}
	}
	return nil
}

// runBuildScript runs the build script under an exclusive file lock:
// `go test ./...` runs several test binaries at once, and two cold builds
// side by side would double an 11-minute, 3 GiB job.
func runBuildScript(ctx context.Context, root string) (string, error) {
	unlock, err := lockFile(filepath.Join(os.TempDir(), "kubeward-build-testcluster.lock"))
	if err != nil {
		return "", err
	}
	defer unlock()

	var stdout bytes.Buffer
	cmd := exec.CommandContext(ctx, filepath.Join(root, buildScript))
	cmd.Dir = root
	cmd.Stdout = &stdout
	cmd.Stderr = os.Stderr // progress of a cold build stays visible
	if err := cmd.Run(); err != nil {
		return "", fmt.Errorf("run %s: %w", buildScript, err)
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	dir := strings.TrimSpace(lines[len(lines)-1])
	if dir == "" {
		return "", fmt.Errorf("%s printed no directory", buildScript)
	}
	return dir, nil
}

func lockFile(path string) (unlock func(), err error) {
	f, err := os.OpenFile(path, os.O_CREATE|os.O_RDWR, 0o666)
	if err != nil {
		return nil, fmt.Errorf("open build lock: %w", err)
	}
	if err := syscall.Flock(int(f.Fd()), syscall.LOCK_EX); err != nil {
		f.Close()
		return nil, fmt.Errorf("take build lock %s: %w", path, err)
	}
	return func() {
		syscall.Flock(int(f.Fd()), syscall.LOCK_UN)
		f.Close()
	}, nil
}

// repoRoot walks up from the working directory to kubeward's go.mod. Tests
// run in their package directory and the dev cluster anywhere in the tree.
func repoRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		data, err := os.ReadFile(filepath.Join(dir, "go.mod"))
		if err == nil && bytes.Contains(data, []byte("module "+modulePath+"\n")) {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("not inside the kubeward repository (no go.mod for " + modulePath + " above the working directory)")
		}
		dir = parent
	}
}
