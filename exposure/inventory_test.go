package exposure

import (
	"reflect"
	"testing"

	"rollcall/inventory"
)

func TestItemsOf(t *testing.T) {
	h := inventory.Host{
		Name:    "WS-001",
		OS:      inventory.OS{Name: "Microsoft Windows 7 Professional", Version: "6.1", Build: "7601"},
		Updates: []string{"KB4012215"},
		Software: []inventory.Item{
			{Name: "lodash", Version: "4.17.20", PURL: "pkg:npm/lodash@4.17.20"},
			{Name: "x/net", PURL: "pkg:golang/golang.org/x/net", Version: "0.17.0"},
			{Name: "Firefox", CPE: "cpe:2.3:a:mozilla:firefox:115.0.2:*:*:*:*:*:*:*"},
			{Name: "Acrobat Reader", Vendor: "Adobe Systems", Version: "23.001"},
			{Name: "Unversioned Tool", Vendor: "Acme"},
		},
	}
	want := []Item{
		{Product: WindowsProduct, Version: "6.1.7601"},
		{Product: KBProduct, Version: "KB4012215"},
		{Product: "pkg:npm/lodash", Version: "4.17.20"},
		{Product: "pkg:golang/golang.org/x/net", Version: "0.17.0"},
		{Product: "cpe:mozilla:firefox", Version: "115.0.2"},
		{Product: "cpe:adobe_systems:acrobat_reader", Version: "23.001"},
		{Product: "cpe:acme:unversioned_tool", Version: ""},
	}
	if got := ItemsOf(h); !reflect.DeepEqual(got, want) {
		t.Errorf("ItemsOf:\n got %+v\nwant %+v", got, want)
	}
	// An rpm epoch lives in a purl qualifier; the version compared needs it.
	rpm := softwareItem(inventory.Item{Name: "openssl", PURL: "pkg:rpm/redhat/openssl@1.1.1k-9.el8_6?arch=x86_64&epoch=1"})
	if rpm.Version != "1:1.1.1k-9.el8_6" || rpm.Product != "pkg:rpm/redhat/openssl" {
		t.Errorf("rpm with an epoch: %+v, want version 1:1.1.1k-9.el8_6", rpm)
	}
	for _, tt := range []struct {
		os   inventory.OS
		want Item
	}{
		{inventory.OS{Name: "Microsoft Windows 10 Enterprise", Version: "10.0", Build: "14393.953"}, Item{WindowsProduct, "10.0.14393.953"}},
		{inventory.OS{Name: "Windows Server 2016", Version: "10.0", Build: "10.0.14393"}, Item{WindowsProduct, "10.0.14393"}},
		{inventory.OS{Name: "Debian GNU/Linux", Version: "12"}, Item{"os:debian_gnu/linux", "12"}},
		// WMI gives the build in the version too: not a revision.
		{inventory.OS{Name: "Microsoft Windows 10 Enterprise", Version: "10.0.14393", Build: "14393"}, Item{WindowsProduct, "10.0.14393"}},
		{inventory.OS{Name: "Microsoft Windows 10 Enterprise", Version: "10.0.14393", Build: "14393.953"}, Item{WindowsProduct, "10.0.14393.953"}},
	} {
		if got, _ := osItem(tt.os); got != tt.want {
			t.Errorf("osItem(%+v) = %+v, want %+v", tt.os, got, tt.want)
		}
	}
}

func TestPurlKeyNormalisesPyPINames(t *testing.T) {
	for _, name := range []string{"Django_Rest", "django-rest", "django.rest", "DJANGO__REST"} {
		if got := PurlKey("pypi", "", name); got != "pkg:pypi/django-rest" {
			t.Errorf("PurlKey(pypi, %q) = %q, want pkg:pypi/django-rest", name, got)
		}
	}
	if got := PurlKey("golang", "github.com/Foo", "Bar"); got != "pkg:golang/github.com/Foo/Bar" {
		t.Errorf("Go paths are case-sensitive: got %q", got)
	}
}
