package collect_test

import (
	"io"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf16"

	"rollcall"
	"rollcall/collect"
	"rollcall/inventory"
)

func open(t *testing.T, name string) io.Reader {
	t.Helper()
	data, err := os.ReadFile("testdata/windows/" + name)
	if err != nil {
		t.Fatal(err)
	}
	return strings.NewReader(string(data))
}

func TestWindowsFixtures(t *testing.T) {
	snap, err := collect.Windows(open(t, "hotfixes.csv"), open(t, "programs.csv"), open(t, "systeminfo.csv"))
	if err != nil {
		t.Fatal(err)
	}
	h := snap.Hosts[0]
	if h.Name != "WS-0142" {
		t.Errorf("got host %q, want WS-0142", h.Name)
	}
	if want := (inventory.OS{Name: "Microsoft Windows 7 Professional", Version: "6.1", Build: "7601"}); h.OS != want {
		t.Errorf("got OS %+v, want %+v", h.OS, want)
	}
	if want := []string{"KB2533552", "KB4012212", "KB2999226"}; !reflect.DeepEqual(h.Updates, want) {
		t.Errorf("got updates %v, want %v", h.Updates, want)
	}
	if len(h.Software) != 4 {
		t.Errorf("got %d programs, want 4 (the entry without DisplayName is skipped)", len(h.Software))
	}
	if want := (inventory.Item{Name: "7-Zip 19.00 (x64)", Vendor: "Igor Pavlov", Version: "19.00"}); h.Software[1] != want {
		t.Errorf("got %+v, want %+v", h.Software[1], want)
	}
	roundTrip(t, snap)
}

func TestWindowsOneFile(t *testing.T) {
	snap, err := collect.Windows(open(t, "hotfixes.csv"), nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if h := snap.Hosts[0]; h.Name != "WS-0142" || len(h.Updates) != 2 {
		t.Errorf("got %+v, want WS-0142 (from CSName) with 2 updates", h)
	}
}

func TestWindowsUTF16(t *testing.T) {
	text := "\"DisplayName\",\"DisplayVersion\",\"Publisher\"\r\n\"Notepad++ (64-bit x64)\",\"8.5.8\",\"Notepad++ Team\"\r\n"
	enc := []byte{0xff, 0xfe}
	for _, u := range utf16.Encode([]rune(text)) {
		enc = append(enc, byte(u), byte(u>>8))
	}
	sysinfo := "\"Host Name\",\"OS Name\",\"OS Version\"\r\n\"WS-7\",\"Microsoft Windows 10 Pro\",\"10.0.19045 N/A Build 19045\"\r\n"
	snap, err := collect.Windows(nil, strings.NewReader(string(enc)), strings.NewReader(sysinfo))
	if err != nil {
		t.Fatal(err)
	}
	h := snap.Hosts[0]
	if h.Software[0].Name != "Notepad++ (64-bit x64)" || h.OS.Version != "10.0" || h.OS.Build != "19045" {
		t.Errorf("got %+v", h)
	}
}

func TestWindowsErrors(t *testing.T) {
	tests := []struct {
		name                        string
		hotfixes, programs, sysinfo string
		field                       string
	}{
		{"nothing given", "", "", "", ""},
		{"no host name", "", "\"DisplayName\"\n\"x\"\n", "", ""},
		{"not a hotfix export", "\"Name\",\"Value\"\n\"a\",\"b\"\n", "", "", "hotfixes: line 1"},
		{"bad KB", "#TYPE x\n\"CSName\",\"HotFixID\"\n\"a\",\"KB4012212\"\n\"a\",\"KB12x\"\n", "", "", "hotfixes: line 4, column HotFixID"},
		{"not a programs export", "", "\"Name\"\n\"x\"\n", "", "programs: line 1"},
		{"broken CSV", "", "#TYPE x\n\"DisplayName\"\n\"x\n", "", "programs: line 3"},
		{"bad OS version", "", "", "\"Host Name\",\"OS Name\",\"OS Version\"\n\"a\",\"Windows\",\"seven\"\n", "systeminfo: line 2, column OS Version"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			reader := func(s string) io.Reader {
				if s == "" {
					return nil
				}
				return strings.NewReader(s)
			}
			snap, err := collect.Windows(reader(tt.hotfixes), reader(tt.programs), reader(tt.sysinfo))
			if err == nil || snap != nil {
				t.Fatalf("got %v, %v; want an error and no snapshot", snap, err)
			}
			if got := rollcall.ErrorField(err); got != tt.field {
				t.Errorf("got field %q (%v), want %q", got, err, tt.field)
			}
		})
	}
}
