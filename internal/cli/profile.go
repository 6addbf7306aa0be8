package cli

import (
	"fmt"
	"io"
	"os"
	"runtime/pprof"
)

// startProfile writes a CPU profile of the whole command to the file named
// by KUBEWARD_CPU_PROFILE, for measuring kubeward on real inputs (`go tool
// pprof`). It returns the function that finishes the profile.
func startProfile(stderr io.Writer) func() {
	path := os.Getenv("KUBEWARD_CPU_PROFILE")
	if path == "" {
		return func() {}
	}
	f, err := os.Create(path)
	if err == nil {
		err = pprof.StartCPUProfile(f)
	}
	if err != nil {
		fmt.Fprintf(stderr, "kubeward: KUBEWARD_CPU_PROFILE: %v\n", err)
		return func() {}
	}
	return func() {
		pprof.StopCPUProfile()
		f.Close()
	}
}
