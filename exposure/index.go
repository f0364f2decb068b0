package exposure

import (
	"sync"
	"sync/atomic"

	"github.com/RoaringBitmap/roaring/v2"
)

// index is the dictionary-encoded inverted index behind a Matcher. It is not
// safe for concurrent use; the Matcher's lock guards it.
//
// Layout: products get dense ids in order of first sight; each product's
// versions get ordinals in order of first sight, and every (product, version)
// pair a dense product-version id (pv id) across the whole index. Bitmaps are
// indexed by pv id. Nothing is ever removed from the dictionary, so ids stay
// stable for the life of the Matcher and an Advisory's per-version verdict
// cache stays valid: a version that disappears from every host just keeps an
// empty bitmap.
type index struct {
	productIDs map[string]uint32
	products   []product
	bitmaps    []*roaring.Bitmap // by pv id
	hostOrg    []uint32          // by host id; noOrg where the host is unknown
	hosts      *roaring.Bitmap   // every host with a snapshot
	orgCount   uint32            // one more than the largest org id seen

	orgRuns   atomic.Pointer[orgRuns] // hostOrg as runs; nil after a write
	orgRunsMu sync.Mutex              // one reader builds the runs

	updated   atomic.Pointer[roaring.Bitmap] // hosts with any update; nil after a write
	updatedMu sync.Mutex
}

// product is one product's slice of the dictionary.
type product struct {
	key        string
	versionIDs map[string]uint32 // version string -> ordinal
	versions   []string          // by ordinal
	pvs        []uint32          // pv id by ordinal
}

// noOrg marks host ids that have no snapshot.
const noOrg = ^uint32(0)

func newIndex() *index {
	return &index{productIDs: make(map[string]uint32), hosts: roaring.New()}
}

// pv returns the product-version id of it, adding it to the dictionary when
// new.
func (x *index) pv(it Item) uint32 {
	pid, ok := x.productIDs[it.Product]
	if !ok {
		pid = uint32(len(x.products))
		x.productIDs[it.Product] = pid
		x.products = append(x.products, product{key: it.Product, versionIDs: make(map[string]uint32)})
	}
	p := &x.products[pid]
	ord, ok := p.versionIDs[it.Version]
	if !ok {
		ord = uint32(len(p.versions))
		p.versionIDs[it.Version] = ord
		p.versions = append(p.versions, it.Version)
		p.pvs = append(p.pvs, uint32(len(x.bitmaps)))
		x.bitmaps = append(x.bitmaps, roaring.New())
	}
	return p.pvs[ord]
}

// lookup returns the product-version id of it without adding anything.
func (x *index) lookup(it Item) (uint32, bool) {
	pid, ok := x.productIDs[it.Product]
	if !ok {
		return 0, false
	}
	p := &x.products[pid]
	ord, ok := p.versionIDs[it.Version]
	if !ok {
		return 0, false
	}
	return p.pvs[ord], true
}

// setOrg records which organisation a host belongs to, growing the table.
func (x *index) setOrg(host, org uint32) {
	for uint32(len(x.hostOrg)) <= host {
		x.hostOrg = append(x.hostOrg, noOrg)
	}
	if x.hostOrg[host] != org {
		x.hostOrg[host] = org
		x.orgRuns.Store(nil)
	}
	if org >= x.orgCount {
		x.orgCount = org + 1
	}
	x.hosts.Add(host)
}

// noPV marks an item that encode did not find in the dictionary.
const noPV = ^uint32(0)

// encode returns the product-version id of every item of hosts, in order,
// or noPV for items new to the dictionary. It only reads the index, so a
// writer runs it before taking the write lock.
func (x *index) encode(hosts []Host) []uint32 {
	n := 0
	for i := range hosts {
		n += len(hosts[i].Items)
	}
	pvs := make([]uint32, 0, n)
	for i := range hosts {
		for _, it := range hosts[i].Items {
			pv, ok := x.lookup(it)
			if !ok {
				pv = noPV
			}
			pvs = append(pvs, pv)
		}
	}
	return pvs
}

// add sets the bits of hosts' items, pvs being encode's answer for them.
func (x *index) add(hosts []Host, pvs []uint32) {
	x.updated.Store(nil)
	k := 0
	for i := range hosts {
		h := &hosts[i]
		x.setOrg(h.ID, h.Org)
		for _, it := range h.Items {
			pv := pvs[k]
			if pv == noPV {
				pv = x.pv(it)
			}
			x.bitmaps[pv].Add(h.ID)
			k++
		}
	}
}

// bitmapsWith returns the ids of the bitmaps holding any host of gone. It
// visits all bitmaps rather than keeping each host's item list, which would
// cost four bytes a row (1.2 GB for the national estate) to save a scan that
// takes milliseconds per batch; and it only reads, so a writer runs it before
// taking the write lock.
func (x *index) bitmapsWith(gone *roaring.Bitmap) []uint32 {
	var touched []uint32
	for pv, b := range x.bitmaps {
		if b.Intersects(gone) {
			touched = append(touched, uint32(pv))
		}
	}
	return touched
}

// removeHosts takes every host in gone out of the touched bitmaps (those
// bitmapsWith found) and out of the host table.
func (x *index) removeHosts(gone *roaring.Bitmap, touched []uint32) {
	x.updated.Store(nil)
	for _, pv := range touched {
		x.bitmaps[pv].AndNot(gone)
	}
	x.hosts.AndNot(gone)
	gone.Iterate(func(h uint32) bool {
		if h < uint32(len(x.hostOrg)) {
			x.hostOrg[h] = noOrg
			x.orgRuns.Store(nil)
		}
		return true
	})
}

// sizeInBytes is the serialised size of all bitmaps, a lower bound of their
// memory.
func (x *index) sizeInBytes() uint64 {
	var n uint64
	for _, b := range x.bitmaps {
		n += b.GetSizeInBytes()
	}
	return n
}
