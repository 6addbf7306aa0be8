package audit

import (
	"bytes"
	"encoding/binary"
	"errors"
	"fmt"
	"io"
	"math/bits"
	"time"

	"github.com/go-json-experiment/json/jsontext"
)

// Decoder decodes audit events from their JSON lines. It walks each line
// token by token and materialises only the members Event has: decoding
// through reflection into the apiserver's own audit types costs several
// times more, and a busy cluster writes thousands of events a second.
//
// A Decoder is not safe for concurrent use. The RequestObject and
// ResponseObject of an event it returns alias the line, which the caller
// must keep unchanged while it uses the event.
type Decoder struct {
	dec jsontext.Decoder
	buf bytes.Buffer
	// strs interns the values that repeat across events (users, verbs,
	// resources, namespaces), so each is allocated once per stream.
	strs map[string]string
	// lists interns the string lists that repeat (groups, source IPs),
	// keyed by their JSON text; list is scratch space for reading one.
	// The lists it returns are shared and must not be modified.
	lists map[string][]string
	list  []string
	// recent caches strs by a cheap hash of the bytes: most values are
	// found here without hashing them for the map.
	recent [recentSlots]string
}

// recentSlots is the size of Decoder.recent.
const (
	recentBits  = 10
	recentSlots = 1 << recentBits
)

// maxInternedLists bounds the table of interned lists.
const maxInternedLists = 1 << 14

// maxInterned bounds the intern table: past it, values are allocated per
// event, which is slower but keeps memory flat on a stream with endlessly
// new names.
const maxInterned = 1 << 16

// NewDecoder returns a Decoder.
func NewDecoder() *Decoder {
	return &Decoder{strs: make(map[string]string, 1024)}
}

// Decode reads one event from its JSON form and checks that it is one.
func (d *Decoder) Decode(line []byte, ev *Event) error {
	*ev = Event{}
	sc := scanner{b: line, d: d}
	if sc.event(ev) == nil {
		return ev.validate()
	}
	*ev = Event{}
	// A bytes.Buffer over line is read in place: values alias line, with
	// no copy of the line into the decoder.
	d.buf = *bytes.NewBuffer(line)
	d.dec.Reset(&d.buf, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
	if err := d.event(ev); err != nil {
		return fmt.Errorf("not a JSON audit event: %s", shortJSONError(err))
	}
	return ev.validate()
}

// DecodeItem decodes an item of an EventList. Items of a list leave out
// kind and apiVersion, which the list states once.
func (d *Decoder) DecodeItem(item []byte, listAPIVersion string, ev *Event) error {
	*ev = Event{}
	sc := scanner{b: item, d: d}
	if err := sc.event(ev); err != nil {
		*ev = Event{}
		d.buf = *bytes.NewBuffer(item)
		d.dec.Reset(&d.buf, jsontext.AllowInvalidUTF8(true), jsontext.AllowDuplicateNames(true))
		if err := d.event(ev); err != nil {
			return fmt.Errorf("not a JSON audit event: %s", shortJSONError(err))
		}
	}
	if ev.Kind == "" && ev.APIVersion == "" {
		ev.Kind, ev.APIVersion = "Event", listAPIVersion
	}
	return ev.validate()
}

// Decode decodes one event with a fresh Decoder; for tests and one-offs.
func Decode(line []byte, ev *Event) error { return NewDecoder().Decode(line, ev) }

var errNotObject = errors.New("the line is not a JSON object")

func (d *Decoder) event(ev *Event) error {
	err := d.members(func(name []byte) (err error) {
		switch string(name) {
		case `"kind"`:
			ev.Kind, err = d.str()
		case `"apiVersion"`:
			ev.APIVersion, err = d.str()
		case `"level"`:
			ev.Level, err = d.str()
		case `"auditID"`:
			ev.AuditID, err = d.uniqueStr()
		case `"stage"`:
			ev.Stage, err = d.str()
		case `"requestURI"`:
			ev.RequestURI, err = d.uniqueStr()
		case `"verb"`:
			ev.Verb, err = d.str()
		case `"user"`:
			err = d.user(&ev.User)
		case `"impersonatedUser"`:
			if d.dec.PeekKind() == 'n' {
				err = d.dec.SkipValue()
				break
			}
			ev.ImpersonatedUser = new(UserInfo)
			err = d.user(ev.ImpersonatedUser)
		case `"sourceIPs"`:
			ev.SourceIPs, err = d.strList(ev.SourceIPs)
		case `"userAgent"`:
			ev.UserAgent, err = d.str()
		case `"objectRef"`:
			if d.dec.PeekKind() == 'n' {
				err = d.dec.SkipValue()
				break
			}
			ev.ObjectRef = new(ObjectRef)
			err = d.objectRef(ev.ObjectRef)
		case `"responseStatus"`:
			if d.dec.PeekKind() == 'n' {
				err = d.dec.SkipValue()
				break
			}
			ev.ResponseStatus = new(ResponseStatus)
			err = d.status(ev.ResponseStatus)
		case `"requestObject"`:
			ev.RequestObject, err = d.rawObject()
		case `"responseObject"`:
			ev.ResponseObject, err = d.rawObject()
		case `"requestReceivedTimestamp"`:
			ev.RequestReceivedTimestamp, err = d.timestamp()
		case `"stageTimestamp"`:
			ev.StageTimestamp, err = d.timestamp()
		default:
			err = d.dec.SkipValue()
		}
		return err
	})
	if err != nil {
		return err
	}
	// Anything after the object is a second value or garbage.
	if _, err := d.dec.ReadToken(); err != io.EOF {
		if err == nil {
			return errors.New("more than one JSON value on the line")
		}
		return err
	}
	return nil
}

// members reads an object, handing each member's name to member, which
// reads or skips the value.
func (d *Decoder) members(member func(name []byte) error) error {
	if err := d.openObject(); err != nil {
		return err
	}
	for d.dec.PeekKind() == '"' {
		name, err := d.dec.ReadValue()
		if err != nil {
			return err
		}
		if err := member(name); err != nil {
			return err
		}
	}
	return d.closeObject()
}

func (d *Decoder) openObject() error {
	tok, err := d.dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '{' {
		return errNotObject
	}
	return nil
}

func (d *Decoder) closeObject() error {
	tok, err := d.dec.ReadToken()
	if err != nil {
		return err
	}
	if tok.Kind() != '}' {
		return fmt.Errorf("unexpected %s where a member name should be", tok.Kind())
	}
	return nil
}

// rawObject returns the value as it is in the line, without a copy. A
// null yields nil.
func (d *Decoder) rawObject() (jsontext.Value, error) {
	v, err := d.dec.ReadValue()
	if err != nil || v.Kind() == 'n' {
		return nil, err
	}
	return v[:len(v):len(v)], nil
}

func (d *Decoder) user(u *UserInfo) error {
	return d.members(func(name []byte) (err error) {
		switch string(name) {
		case `"username"`:
			u.Username, err = d.str()
		case `"uid"`:
			u.UID, err = d.str()
		case `"groups"`:
			u.Groups, err = d.strList(nil)
		default:
			err = d.dec.SkipValue()
		}
		return err
	})
}

func (d *Decoder) objectRef(r *ObjectRef) error {
	return d.members(func(name []byte) (err error) {
		switch string(name) {
		case `"resource"`:
			r.Resource, err = d.str()
		case `"namespace"`:
			r.Namespace, err = d.str()
		case `"name"`:
			r.Name, err = d.str()
		case `"apiGroup"`:
			r.APIGroup, err = d.str()
		case `"apiVersion"`:
			r.APIVersion, err = d.str()
		case `"subresource"`:
			r.Subresource, err = d.str()
		default:
			err = d.dec.SkipValue()
		}
		return err
	})
}

func (d *Decoder) status(s *ResponseStatus) error {
	return d.members(func(name []byte) (err error) {
		switch string(name) {
		case `"code"`:
			var tok jsontext.Token
			if tok, err = d.dec.ReadToken(); err == nil {
				if tok.Kind() != '0' {
					return fmt.Errorf("responseStatus.code is a %s, not a number", tok.Kind())
				}
				var n int64
				n, err = tok.Int()
				s.Code = int(n)
			}
		case `"reason"`:
			s.Reason, err = d.str()
		default:
			err = d.dec.SkipValue()
		}
		return err
	})
}

// rawString reads a string value (or null, as "") unquoted into scratch
// space valid until the next read.
func (d *Decoder) rawString() ([]byte, error) {
	v, err := d.dec.ReadValue()
	if err != nil {
		return nil, err
	}
	switch v.Kind() {
	case 'n':
		return nil, nil
	case '"':
	default:
		return nil, fmt.Errorf("a %s where a string is expected", v.Kind())
	}
	raw := v[1 : len(v)-1]
	if bytes.IndexByte(raw, '\\') < 0 {
		return raw, nil
	}
	return jsontext.AppendUnquote(nil, v)
}

// str reads a string value that is likely to repeat, interned.
func (d *Decoder) str() (string, error) {
	b, err := d.rawString()
	if err != nil || len(b) == 0 {
		return "", err
	}
	return d.intern(b), nil
}

// intern returns b as a string, allocated once per distinct value.
func (d *Decoder) intern(b []byte) string {
	slot := &d.recent[recentHash(b)]
	if *slot == string(b) {
		return *slot
	}
	s, ok := d.strs[string(b)]
	if !ok {
		s = string(b)
		if len(d.strs) < maxInterned {
			d.strs[s] = s
		}
	}
	*slot = s
	return s
}

// recentHash places b in Decoder.recent, from its length and its first
// and last eight bytes.
func recentHash(b []byte) uint {
	n := len(b)
	var x uint64
	if n >= 8 {
		x = binary.LittleEndian.Uint64(b) ^ bits.RotateLeft64(binary.LittleEndian.Uint64(b[n-8:]), 29)
	} else {
		for _, c := range b {
			x = x<<8 | uint64(c)
		}
	}
	x = (x ^ uint64(n)) * 0x9e3779b97f4a7c15
	return uint(x >> (64 - recentBits))
}

// internList returns a list equal to l, the list whose JSON text is raw,
// allocated once per distinct text. Its capacity is its length, so an
// append copies it.
func (d *Decoder) internList(raw []byte, l []string) []string {
	if v, ok := d.lists[string(raw)]; ok {
		return v
	}
	v := append([]string(nil), l...)
	v = v[:len(v):len(v)]
	if d.lists == nil {
		d.lists = make(map[string][]string, 256)
	}
	if len(d.lists) < maxInternedLists {
		d.lists[string(raw)] = v
	}
	return v
}

// uniqueStr reads a string value that is unlikely to repeat (IDs, URIs).
func (d *Decoder) uniqueStr() (string, error) {
	b, err := d.rawString()
	return string(b), err
}

// strList reads an array of strings (or null), reusing dst's space.
func (d *Decoder) strList(dst []string) ([]string, error) {
	if d.dec.PeekKind() == 'n' {
		return nil, d.dec.SkipValue()
	}
	tok, err := d.dec.ReadToken()
	if err != nil {
		return nil, err
	}
	if tok.Kind() != '[' {
		return nil, fmt.Errorf("a %s where an array of strings is expected", tok.Kind())
	}
	out := dst[:0]
	for d.dec.PeekKind() != ']' {
		s, err := d.str()
		if err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	_, err = d.dec.ReadToken()
	return out, err
}

func (d *Decoder) timestamp() (time.Time, error) {
	b, err := d.rawString()
	if err != nil || len(b) == 0 {
		return time.Time{}, err
	}
	if t, ok := parseMicroTime(b); ok {
		return t, nil
	}
	t, err := time.Parse(time.RFC3339Nano, string(b))
	if err != nil {
		return time.Time{}, fmt.Errorf("timestamp %q is not RFC 3339", b)
	}
	return t, nil
}

// parseMicroTime parses the form the API server writes,
// 2006-01-02T15:04:05.000000Z, without time.Parse's generality.
func parseMicroTime(b []byte) (time.Time, bool) {
	if len(b) != 27 || b[4] != '-' || b[7] != '-' || b[10] != 'T' || b[13] != ':' || b[16] != ':' || b[19] != '.' || b[26] != 'Z' {
		return time.Time{}, false
	}
	num := func(s []byte) (int, bool) {
		n := 0
		for _, c := range s {
			if c < '0' || c > '9' {
				return 0, false
			}
			n = n*10 + int(c-'0')
		}
		return n, true
	}
	year, ok1 := num(b[0:4])
	month, ok2 := num(b[5:7])
	day, ok3 := num(b[8:10])
	hour, ok4 := num(b[11:13])
	minute, ok5 := num(b[14:16])
	sec, ok6 := num(b[17:19])
	micro, ok7 := num(b[20:26])
	if !(ok1 && ok2 && ok3 && ok4 && ok5 && ok6 && ok7) || month < 1 || month > 12 || day < 1 || day > 31 || hour > 23 || minute > 59 || sec > 60 {
		return time.Time{}, false
	}
	return time.Date(year, time.Month(month), day, hour, minute, sec, micro*1000, time.UTC), true
}
