package audit

import (
	"time"

	"github.com/kubeward/kubeward/internal/config"
)

// bursts counts events per key in a sliding time window and says when a
// key reaches the threshold. After firing, a key stays quiet for one
// window: a user probing twenty times in a minute is one finding, not two.
type bursts struct {
	th   config.Threshold
	keys map[string]*burst
}

type burst struct {
	recent     []EventRef // the last th.Count events, oldest first
	quietUntil time.Time
}

// maxBurstKeys bounds the keys counted at once. Each holds up to
// th.Count events.
const maxBurstKeys = 1 << 14

func newBursts(th config.Threshold) *bursts {
	return &bursts{th: th, keys: map[string]*burst{}}
}

// add counts ev for key and returns the events behind the burst when this
// event completes one, else nil.
func (b *bursts) add(key string, ev *Event) []EventRef {
	k, ok := b.keys[key]
	if !ok {
		if len(b.keys) >= maxBurstKeys {
			b.prune(ev.Time())
		}
		k = &burst{}
		b.keys[key] = k
	}
	t := ev.Time()
	if len(k.recent) == b.th.Count {
		copy(k.recent, k.recent[1:])
		k.recent = k.recent[:len(k.recent)-1]
	}
	k.recent = append(k.recent, refOf(ev))
	if len(k.recent) < b.th.Count || t.Sub(k.recent[0].Time) > b.th.Window || t.Before(k.quietUntil) {
		return nil
	}
	out := k.recent
	k.recent = make([]EventRef, 0, b.th.Count)
	k.quietUntil = t.Add(b.th.Window)
	return out
}

// prune drops keys with nothing in the window before now; if that frees
// nothing, it starts over rather than grow.
func (b *bursts) prune(now time.Time) {
	for key, k := range b.keys {
		if len(k.recent) == 0 || now.Sub(k.recent[len(k.recent)-1].Time) > b.th.Window && now.After(k.quietUntil) {
			delete(b.keys, key)
		}
	}
	if len(b.keys) >= maxBurstKeys {
		clear(b.keys)
	}
}
