package synthetic

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"

	"rollcall/exposure"
)

// Estate is a synthetic national estate, generated deterministically from
// its seed: the same options give the same organisations, hosts and items,
// whatever the number of workers. ESTATE.md describes the distribution; in
// brief:
//
//   - Organisations: 0.15% large trusts weighted 20,000–40,000 hosts, 25%
//     mid-sized bodies log-uniform over 40–400, 75% GP practices 10–60; the
//     weights are then scaled so the sizes sum to Hosts (at 20,000
//     organisations and 2,000,000 hosts the scale is about 0.9). An
//     organisation's hosts have consecutive ids.
//   - Operating systems (osMix): Windows 10 about 63% (mostly 22H2), Windows
//     11 and Server 2022/2025 about 21%, Windows 8.1/2012 R2 2%, Windows 7 and
//     Server 2008 R2 5%, Vista/2008 and XP under 1%, Linux 8.5% (Ubuntu with
//     deb packages, RHEL with rpm packages).
//   - Products: 50,000 by default. Each OS family has a core of 100
//     near-universal products, the i-th installed with probability
//     0.98-0.6·i/100 (about 68 a host); the rest are a long tail drawn
//     Zipf(s=1.1) until the host has ItemsPerHost items.
//   - Versions: core products have 6–35 versions, tail products log-uniform
//     1–30; a host takes the latest with probability 0.55, the one before
//     with 0.55·0.45, and so on (geometric), so most hosts are on the latest
//     two or three. About 2% of version strings are vendor builds that no
//     version scheme parses ("… (vendor build)"), to exercise Unknown.
//   - Windows hosts carry installed KBs (their cumulative update on Windows
//     10/11; for older Windows a mix of none, the MS17-010 security-only
//     update, its monthly rollup or a later rollup) plus 5–10 others.
type Estate struct {
	Orgs         int
	Hosts        int
	ItemsPerHost int
	Products     int
	Seed         uint64

	orgFirst []uint32  // org i owns hosts [orgFirst[i], orgFirst[i+1])
	catalog  []catItem // all non-OS products; see cores and tail below
	winCore  []int     // catalog indices of each family's core
	debCore  []int
	rpmCore  []int
	tail     []int // catalog indices of the long tail, most popular first
	otherKBs []string
}

// catItem is one product of the catalogue and its versions, oldest first.
type catItem struct {
	key      string
	versions []string
}

// NewEstate builds the estate's organisations and product catalogue; hosts
// are generated on demand by Generate or HostItems. Zero options take the
// national defaults: 20,000 organisations, 2,000,000 hosts, 150 items,
// 50,000 products.
func NewEstate(orgs, hosts, itemsPerHost int, seed uint64) *Estate {
	e := &Estate{Orgs: orgs, Hosts: hosts, ItemsPerHost: itemsPerHost, Products: 50000, Seed: seed}
	if e.Orgs <= 0 {
		e.Orgs = 20000
	}
	if e.Hosts <= 0 {
		e.Hosts = 2000000
	}
	if e.ItemsPerHost <= 0 {
		e.ItemsPerHost = 150
	}
	r := rand.New(rand.NewPCG(seed, 0x6f726773))
	e.buildOrgs(r)
	e.buildCatalog(r)
	return e
}

// OrgOf returns the organisation of a host.
func (e *Estate) OrgOf(host uint32) uint32 {
	return uint32(sort.Search(len(e.orgFirst)-1, func(i int) bool { return e.orgFirst[i+1] > host }))
}

// OrgSize returns the number of hosts of an organisation.
func (e *Estate) OrgSize(org uint32) int {
	return int(e.orgFirst[org+1] - e.orgFirst[org])
}

func (e *Estate) buildOrgs(r *rand.Rand) {
	weights := make([]float64, e.Orgs)
	total := 0.0
	for i := range weights {
		var w float64
		switch u := r.Float64(); {
		case u < 0.0015:
			w = 20000 + 20000*r.Float64() // large trust
		case u < 0.25:
			w = 40 * math.Pow(10, r.Float64()) // community, mental health, council
		default:
			w = 10 + 50*r.Float64() // GP practice
		}
		weights[i] = w
		total += w
	}
	if e.Orgs >= 20 && weights[0] < 20000 {
		weights[0] = 30000 // at least one large trust, whatever the draw
		total += 30000
	}
	e.orgFirst = make([]uint32, e.Orgs+1)
	cum := 0.0
	for i, w := range weights {
		cum += w
		e.orgFirst[i+1] = uint32(math.Round(cum / total * float64(e.Hosts)))
	}
	e.orgFirst[e.Orgs] = uint32(e.Hosts)
}

// Real names for the head of each core, so samples read like an estate.
var (
	winCoreNames = []string{"google:chrome", "microsoft:edge", "microsoft:office", "microsoft:teams",
		"microsoft:.net_runtime", "microsoft:defender", "adobe:acrobat_reader", "mozilla:firefox",
		"oracle:java_runtime", "7-zip:7-zip", "microsoft:visual_c++_redistributable", "citrix:workspace",
		"zoom:zoom", "vmware:tools", "notepad-plus-plus:notepad++", "cisco:anyconnect"}
	linuxCoreNames = []string{"openssl", "openssh-server", "glibc", "curl", "sudo", "bash", "systemd",
		"xz-utils", "zlib", "python3", "nginx", "apache2", "polkit", "vim", "tar", "gnupg"}
)

func (e *Estate) buildCatalog(r *rand.Rand) {
	add := func(key string, nVersions int) int {
		e.catalog = append(e.catalog, catItem{key: key, versions: versionList(r, nVersions)})
		return len(e.catalog) - 1
	}
	const core = 100
	for i := 0; i < core; i++ {
		n := 6 + r.IntN(30)
		if i < len(winCoreNames) {
			e.winCore = append(e.winCore, add("cpe:"+winCoreNames[i], n))
		} else {
			e.winCore = append(e.winCore, add(fmt.Sprintf("cpe:vendor%d:app%d", i, i), n))
		}
		name := fmt.Sprintf("lib%d", i)
		if i < len(linuxCoreNames) {
			name = linuxCoreNames[i]
		}
		e.debCore = append(e.debCore, add("pkg:deb/debian/"+name, n))
		e.rpmCore = append(e.rpmCore, add("pkg:rpm/redhat/"+name, n))
	}
	ecosystems := []string{"pkg:npm/", "pkg:pypi/", "pkg:maven/org.example/", "pkg:nuget/", "cpe:tailvendor:"}
	for i := 0; len(e.catalog) < e.Products; i++ {
		n := int(math.Exp(r.Float64() * math.Log(30)))
		e.tail = append(e.tail, add(fmt.Sprintf("%sproduct%d", ecosystems[i%len(ecosystems)], i), n))
	}
	for i := 0; i < 300; i++ {
		e.otherKBs = append(e.otherKBs, fmt.Sprintf("KB%d", 2800000+i*7919))
	}
}

// versionList returns n increasing version strings, about 2% of them vendor
// builds that no scheme parses.
func versionList(r *rand.Rand, n int) []string {
	major, minor, patch := 1+r.IntN(5), r.IntN(10), r.IntN(10)
	out := make([]string, n)
	for i := range out {
		switch u := r.Float64(); {
		case u < 0.05:
			major, minor, patch = major+1, 0, 0
		case u < 0.3:
			minor, patch = minor+1, 0
		default:
			patch++
		}
		out[i] = fmt.Sprintf("%d.%d.%d", major, minor, patch)
		if r.Float64() < 0.02 {
			out[i] += " (vendor build)"
		}
	}
	return out
}

// OtherKBs lists the updates the estate installs that fix nothing the
// benchmark's advisories name.
func (e *Estate) OtherKBs() []string { return e.otherKBs }

// All materialises the whole estate as hosts: for tests of small estates.
func (e *Estate) All() []exposure.Host {
	var hosts []exposure.Host
	e.Generate(2, 100, func(batch []exposure.Host) {
		for _, h := range batch {
			hosts = append(hosts, exposure.Host{ID: h.ID, Org: h.Org, Items: slices.Clone(h.Items)})
		}
	})
	return hosts
}
