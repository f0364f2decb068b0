package synthetic

import (
	"slices"
	"strings"
	"testing"

	"rollcall/exposure"
)

func TestEstateIsDeterministic(t *testing.T) {
	collect := func(workers int) []exposure.Host {
		var hosts []exposure.Host
		NewEstate(30, 2000, 40, 9).Generate(workers, 64, func(batch []exposure.Host) {
			for _, h := range batch {
				hosts = append(hosts, exposure.Host{ID: h.ID, Org: h.Org, Items: slices.Clone(h.Items)})
			}
		})
		return hosts
	}
	one, three := collect(1), collect(3)
	if len(one) != 2000 {
		t.Fatalf("got %d hosts, want 2000", len(one))
	}
	for i := range one {
		if one[i].ID != uint32(i) || one[i].Org != three[i].Org || !slices.Equal(one[i].Items, three[i].Items) {
			t.Fatalf("host %d differs between 1 and 3 workers", i)
		}
	}
	e := NewEstate(30, 2000, 40, 9)
	if org, items := e.HostItems(77, nil); org != one[77].Org || !slices.Equal(items, one[77].Items) {
		t.Error("HostItems(77) differs from Generate's host 77")
	}
}

// TestEstateShape checks the documented distribution roughly holds.
func TestEstateShape(t *testing.T) {
	e := NewEstate(2000, 40000, 150, 1)
	total, largest := 0, 0
	for org := range e.Orgs {
		n := e.OrgSize(uint32(org))
		total += n
		largest = max(largest, n)
	}
	if total != 40000 || largest < 100 {
		t.Errorf("got %d hosts, largest organisation %d, want 40000 and a long tail", total, largest)
	}
	var hosts, rows, windows10, linux int
	g := e.newHostGen()
	var buf []exposure.Item
	for id := uint32(0); id < 40000; id += 7 {
		buf = g.items(id, buf[:0])
		hosts++
		rows += len(buf)
		switch os := buf[0]; {
		case os.Product == exposure.WindowsProduct && strings.HasPrefix(os.Version, "10.0.1"):
			windows10++
		case os.Product != exposure.WindowsProduct:
			linux++
		}
	}
	if perHost := rows / hosts; perHost < 150 || perHost > 160 {
		t.Errorf("got %d items a host, want about 150", perHost)
	}
	if share := windows10 * 100 / hosts; share < 55 || share > 72 {
		t.Errorf("got %d%% Windows 10, want about 63%%", share)
	}
	if share := linux * 100 / hosts; share < 5 || share > 12 {
		t.Errorf("got %d%% Linux, want about 8.5%%", share)
	}
}
