package exposure

import "fmt"

// Loader builds a new Matcher from rows the caller has already
// dictionary-encoded (Rollcall's saved inventories keep each row as the id
// of a product-version): each caller id is named once with Name, then
// hosts give their rows as caller ids. Ingest then costs a slice lookup
// and a bit set per row, not two map lookups of strings, which is what
// makes a restart on the national estate take seconds rather than a
// minute. A Loader is for one goroutine; the Matcher it returns is
// shared as usual.
type Loader struct {
	m   *Matcher
	pvs []uint32 // caller id -> pv id; noPV where not named
}

// NewLoader starts an empty Matcher.
func NewLoader() *Loader { return &Loader{m: NewMatcher()} }

// maxCallerID bounds caller ids, which index a table.
const maxCallerID = 1 << 31

// Name says which product and version caller id stands for.
func (l *Loader) Name(id int64, it Item) error {
	if id < 0 || id >= maxCallerID {
		return fmt.Errorf("exposure: caller id %d is out of range", id)
	}
	for int64(len(l.pvs)) <= id {
		l.pvs = append(l.pvs, noPV)
	}
	l.pvs[id] = l.m.x.pv(it)
	return nil
}

// Add adds one host's snapshot, its rows given as named caller ids. Hosts
// are best added in increasing id order, which the bitmaps append cheaply.
func (l *Loader) Add(hostID, org uint32, ids []int64) error {
	x := l.m.x
	for _, id := range ids {
		if id < 0 || id >= int64(len(l.pvs)) || l.pvs[id] == noPV {
			return fmt.Errorf("exposure: host %d uses caller id %d, which was never named", hostID, id)
		}
	}
	x.setOrg(hostID, org)
	x.updated.Store(nil)
	for _, id := range ids {
		x.bitmaps[l.pvs[id]].Add(hostID)
	}
	return nil
}

// Matcher recompresses the bitmaps and returns the Matcher; the Loader is
// done.
func (l *Loader) Matcher() *Matcher {
	m := l.m
	l.m, l.pvs = nil, nil
	m.Optimize()
	return m
}
