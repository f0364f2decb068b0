package csafimport

import (
	_ "embed"
	"strings"
	"sync"
)

// The names the CWE catalogue has given each weakness, in every version
// from 1.0 to 4.17 (data/README.md says where the list comes from): one
// "CWE-n<TAB>name" a line, the name of the newest version first. CSAF 6.1.11 wants a CWE's name to be its
// catalogue entry's; every name an entry has had is accepted, so a
// document written before a weakness was renamed is not refused.
//
//go:embed data/cwe-names.tsv
var cweNamesTSV string

var cweNames = sync.OnceValue(func() map[string][]string {
	out := map[string][]string{}
	for _, line := range strings.Split(strings.TrimSpace(cweNamesTSV), "\n") {
		id, name, _ := strings.Cut(line, "\t")
		out[id] = append(out[id], name)
	}
	return out
})

// cweCatalogueVersions says which catalogue versions cweNames holds.
const cweCatalogueVersions = "1.0 to 4.17"
