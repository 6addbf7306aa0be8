package main

import (
	"crypto/tls"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"time"
)

// startProcess runs `kubeward admission serve` from the binary at bin as
// its own process, with GOMAXPROCS procs (what a CPU limit of procs cores
// gives it in a pod), on a free loopback port. The decision log goes to
// /dev/null. It returns the webhook's URL, the server's process ID and the
// function that stops it.
func startProcess(bin string, procs int, policy string) (url string, pid int, stop func(), err error) {
	dir, certFile, keyFile, err := selfSignedFiles()
	if err != nil {
		return "", 0, nil, err
	}
	addr, err := freePort()
	if err != nil {
		os.RemoveAll(dir)
		return "", 0, nil, err
	}
	args := []string{"admission", "serve", "--listen", addr, "--tls-cert-file", certFile, "--tls-key-file", keyFile,
		"--namespace-labels=false", "--k8s-version", "1.37", "--log-level", "info"}
	if policy != "" {
		args = append(args, "--policy", policy)
	}
	cmd := exec.Command(bin, args...)
	cmd.Env = append(os.Environ(), "GOMAXPROCS="+strconv.Itoa(procs))
	if cmd.Stderr, err = os.OpenFile(os.DevNull, os.O_WRONLY, 0); err != nil {
		return "", 0, nil, err
	}
	if err := cmd.Start(); err != nil {
		return "", 0, nil, err
	}
	stop = func() { cmd.Process.Signal(syscall.SIGTERM); cmd.Wait(); os.RemoveAll(dir) }
	if err := waitReady("https://" + addr + "/readyz"); err != nil {
		stop()
		return "", 0, nil, fmt.Errorf("%s admission serve: %w", bin, err)
	}
	return "https://" + addr + "/validate", cmd.Process.Pid, stop, nil
}

func freePort() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitReady(url string) error {
	client := &http.Client{Timeout: time.Second, Transport: &http.Transport{TLSClientConfig: &tls.Config{InsecureSkipVerify: true}}}
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp, err := client.Get(url)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			err = fmt.Errorf("%s: %s", url, resp.Status)
		}
		if time.Now().After(deadline) {
			return fmt.Errorf("not ready after 30s: %w", err)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// processCPU is the CPU time the process has used, from /proc.
func processCPU(pid int) time.Duration {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/stat", pid))
	if err != nil {
		return 0
	}
	// Fields after the command name, which is in parentheses and may
	// hold spaces: utime and stime are the 12th and 13th of them.
	f := strings.Fields(string(b[strings.LastIndexByte(string(b), ')')+1:]))
	if len(f) < 13 {
		return 0
	}
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

// peakRSS is the process's peak resident memory (VmHWM), as /proc says it.
func peakRSS(pid int) string {
	b, err := os.ReadFile(fmt.Sprintf("/proc/%d/status", pid))
	if err != nil {
		return "unknown"
	}
	for line := range strings.Lines(string(b)) {
		if v, ok := strings.CutPrefix(line, "VmHWM:"); ok {
			return strings.TrimSpace(v)
		}
	}
	return "unknown"
}
