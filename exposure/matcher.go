package exposure

import (
	"sync"

	"github.com/RoaringBitmap/roaring/v2"
)

// Matcher holds the whole estate's inventory in memory and answers which
// hosts an Advisory exposes. It is safe for concurrent use.
//
// Writers (AddHosts, ReplaceHosts) apply a whole batch under the write lock,
// so a query sees every host of a batch either before or after it, never half
// a snapshot. Queries share the read lock. To keep that lock short, a writer
// first prepares its batch — dictionary lookups and finding the bitmaps it
// must clear — holding only writeMu, which excludes other writers but not
// readers: the index does not change while writeMu is held except under mu.
// Copy-on-write was rejected: a replace touches bitmaps all over the index,
// and copying them would cost more than the milliseconds a batch holds the
// lock.
type Matcher struct {
	writeMu sync.Mutex   // serialises writers
	mu      sync.RWMutex // readers vs the mutating phase of a writer
	x       *index
}

// NewMatcher returns an empty Matcher.
func NewMatcher() *Matcher {
	return &Matcher{x: newIndex()}
}

// AddHost adds one host's items; see AddHosts.
func (m *Matcher) AddHost(hostID, orgID uint32, items []Item) {
	m.AddHosts([]Host{{ID: hostID, Org: orgID, Items: items}})
}

// AddHosts adds the items of hosts. It is the bulk-load path: a host already
// present keeps its earlier items as well, so use ReplaceHosts for a new
// snapshot of a known host. Host ids should be dense (they index a table) and
// are best added in increasing order, which the bitmaps append cheaply.
func (m *Matcher) AddHosts(hosts []Host) {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	pvs := m.x.encode(hosts)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.x.add(hosts, pvs)
}

// ReplaceHosts makes each host's snapshot its complete inventory: items it
// had before and lacks now are gone from the index. The whole batch is
// applied under one write lock, so readers see all of it or none of it.
func (m *Matcher) ReplaceHosts(hosts []Host) {
	gone := roaring.New()
	for i := range hosts {
		gone.Add(hosts[i].ID)
	}
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	touched := m.x.bitmapsWith(gone)
	pvs := m.x.encode(hosts)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.x.removeHosts(gone, touched)
	m.x.add(hosts, pvs)
}

// RemoveHosts forgets hosts entirely (decommissioned machines).
func (m *Matcher) RemoveHosts(ids []uint32) {
	gone := roaring.BitmapOf(ids...)
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	touched := m.x.bitmapsWith(gone)
	m.mu.Lock()
	defer m.mu.Unlock()
	m.x.removeHosts(gone, touched)
}

// Optimize recompresses every bitmap, turning runs of consecutive host ids
// (an organisation's hosts are often numbered together) into run containers.
// Call it after a bulk load; queries are correct without it.
func (m *Matcher) Optimize() {
	m.writeMu.Lock()
	defer m.writeMu.Unlock()
	m.mu.Lock()
	defer m.mu.Unlock()
	for _, b := range m.x.bitmaps {
		b.RunOptimize()
	}
}

// Stats describes the size of a Matcher's index.
type Stats struct {
	Hosts           uint64 // hosts with a snapshot
	Orgs            uint32 // one more than the largest organisation id
	Products        int    // distinct product keys
	ProductVersions int    // distinct (product, version) pairs
	BitmapBytes     uint64 // serialised size of all host bitmaps
}

// Stats returns the index's size. BitmapBytes walks every bitmap, so it
// takes milliseconds on a national estate.
func (m *Matcher) Stats() Stats {
	m.mu.RLock()
	defer m.mu.RUnlock()
	return Stats{
		Hosts:           m.x.hosts.GetCardinality(),
		Orgs:            m.x.orgCount,
		Products:        len(m.x.products),
		ProductVersions: len(m.x.bitmaps),
		BitmapBytes:     m.x.sizeInBytes(),
	}
}
