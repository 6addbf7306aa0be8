//go:build unix

package node

import "syscall"

func platformOwner(sys any) (uid, gid int, ok bool) {
	if st, isStat := sys.(*syscall.Stat_t); isStat {
		return int(st.Uid), int(st.Gid), true
	}
	return 0, 0, false
}
