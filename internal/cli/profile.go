package cli

import (
	"fmt"
	"io"
	"os"
	"runtime"
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

// writeHeapProfile writes the live heap to the file named by
// KUBEWARD_HEAP_PROFILE, called when a report is complete and the heap is
// at its largest.
func writeHeapProfile(stderr io.Writer) {
	path := os.Getenv("KUBEWARD_HEAP_PROFILE")
	if path == "" {
		return
	}
	f, err := os.Create(path)
	if err == nil {
		runtime.GC() // the profile shows the heap as of the last collection
		err = pprof.Lookup("heap").WriteTo(f, 0)
		if cerr := f.Close(); err == nil {
			err = cerr
		}
	}
	if err != nil {
		fmt.Fprintf(stderr, "kubeward: KUBEWARD_HEAP_PROFILE: %v\n", err)
	}
}
