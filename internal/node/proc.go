package node

import (
	"bytes"
	"errors"
	"io/fs"
	"path"
	"slices"
	"strconv"
)

// Process is one process of the node, from /proc/PID/cmdline.
type Process struct {
	PID  int
	Argv []string
}

// Name is the base name of the executable as run, e.g. "kube-apiserver"
// for /usr/local/bin/kube-apiserver.
func (p Process) Name() string {
	if len(p.Argv) == 0 {
		return ""
	}
	return path.Base(p.Argv[0])
}

// Processes lists the node's processes with a command line, by PID.
// Kernel threads (empty command line) and processes that exit while being
// read are left out.
func (s *Snapshot) Processes() ([]Process, error) {
	es, err := fs.ReadDir(s.fsys, "proc")
	if err != nil {
		return nil, pathError("/proc", err)
	}
	var out []Process
	for _, e := range es {
		pid, err := strconv.Atoi(e.Name())
		if err != nil || pid <= 0 {
			continue
		}
		b, err := s.ReadFile("/proc/" + e.Name() + "/cmdline")
		if err != nil {
			if errors.Is(err, fs.ErrNotExist) {
				continue // exited meanwhile
			}
			return nil, err
		}
		if argv := splitNUL(b); len(argv) > 0 {
			out = append(out, Process{PID: pid, Argv: argv})
		}
	}
	slices.SortFunc(out, func(a, b Process) int { return a.PID - b.PID })
	return out, nil
}

// Environ reads /proc/PID/environ. It needs the same user as the process
// (or root); the error then says permission denied.
func (s *Snapshot) Environ(pid int) (map[string]string, error) {
	b, err := s.ReadFile("/proc/" + strconv.Itoa(pid) + "/environ")
	if err != nil {
		return nil, err
	}
	env := map[string]string{}
	for _, kv := range splitNUL(b) {
		if k, v, ok := bytes.Cut([]byte(kv), []byte("=")); ok {
			env[string(k)] = string(v)
		}
	}
	return env, nil
}

// splitNUL splits a NUL-separated list, ignoring the trailing NUL.
func splitNUL(b []byte) []string {
	b = bytes.TrimRight(b, "\x00")
	if len(b) == 0 {
		return nil
	}
	parts := bytes.Split(b, []byte{0})
	out := make([]string, len(parts))
	for i, p := range parts {
		out[i] = string(p)
	}
	return out
}
