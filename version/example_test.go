package version_test

import (
	"fmt"

	"rollcall/version"
)

func ExampleParseVers() {
	r, err := version.ParseVers("vers:npm/>=1.0.0|<1.2.3|>=2.0.0|<2.1.0")
	if err != nil {
		panic(err)
	}
	for _, v := range []string{"1.2.0", "1.2.3", "2.0.0-rc.1", "latest"} {
		verdict, why := r.Explain(v)
		fmt.Printf("%s: %s\n", verdict, why)
	}
	// Output:
	// affected: 1.2.0 is in [>=1.0.0, <1.2.3]
	// not affected: 1.2.3 is at or above the fixed version 1.2.3
	// not affected: 2.0.0-rc.1 is at or above the fixed version 1.2.3
	// unknown: "latest" is not a valid npm version
}

func ExampleFromOSV() {
	r, err := version.FromOSV(version.Golang, []version.OSVRange{{
		Type: "SEMVER",
		Events: []version.OSVEvent{
			{Introduced: "0"}, {Fixed: "1.10.6"},
			{Introduced: "1.11.0-0"}, {Fixed: "1.11.3"},
		},
	}}, nil)
	if err != nil {
		panic(err)
	}
	fmt.Println(r)
	fmt.Println(r.Contains("v1.11.2"), r.Contains("go1.11.2"))
	// Output:
	// vers:golang/<1.10.6|>=1.11.0-0|<1.11.3
	// affected unknown
}
