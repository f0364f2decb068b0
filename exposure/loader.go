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
	// pending holds, per pv id, the hosts added since the last flush: a
	// bitmap takes a run of hosts in one call far faster than one by one
	// (one container search per run, not per host).
	pending [][]uint32
	touched []uint32 // pv ids with pending hosts
	hosts   int      // hosts added since the last flush
}

// loaderFlushHosts is how many hosts a Loader gathers before it sets
// their bits.
const loaderFlushHosts = 16384

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
		pv := l.pvs[id]
		for int(pv) >= len(l.pending) {
			l.pending = append(l.pending, nil)
		}
		if len(l.pending[pv]) == 0 {
			l.touched = append(l.touched, pv)
		}
		l.pending[pv] = append(l.pending[pv], hostID)
	}
	if l.hosts++; l.hosts >= loaderFlushHosts {
		l.flush()
	}
	return nil
}

// flush sets the bits of the hosts gathered. Hosts come in increasing id
// order (the store scans by id), so each list is sorted; AddMany is
// correct whatever the order.
func (l *Loader) flush() {
	for _, pv := range l.touched {
		l.m.x.bitmaps[pv].AddMany(l.pending[pv])
		l.pending[pv] = l.pending[pv][:0]
	}
	l.touched, l.hosts = l.touched[:0], 0
}

// Matcher recompresses the bitmaps and returns the Matcher; the Loader is
// done.
func (l *Loader) Matcher() *Matcher {
	l.flush()
	m := l.m
	l.m, l.pvs, l.pending = nil, nil, nil
	m.Optimize()
	return m
}
