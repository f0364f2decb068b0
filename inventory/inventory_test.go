package inventory_test

import (
	"testing"

	"rollcall"
	"rollcall/inventory"
)

func TestItemNormalize(t *testing.T) {
	tests := []struct {
		name  string
		in    inventory.Item
		want  inventory.Item
		field string // when an error is wanted
	}{
		{"trims", inventory.Item{Name: " Firefox ", Version: " 115.0 "}, inventory.Item{Name: "Firefox", Version: "115.0"}, ""},
		{"canonical purl", inventory.Item{PURL: "pkg:PyPI/Django_Rest@3.2"}, inventory.Item{Name: "django-rest", Version: "3.2", PURL: "pkg:pypi/django-rest@3.2"}, ""},
		{"keeps own name", inventory.Item{Name: "Django", PURL: "pkg:pypi/django@3.2"}, inventory.Item{Name: "Django", Version: "3.2", PURL: "pkg:pypi/django@3.2"}, ""},
		{"broken purl", inventory.Item{Name: "x", PURL: "npm/left-pad@1"}, inventory.Item{}, "purl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.in
			err := got.Normalize()
			if tt.field != "" {
				wantError(t, err, rollcall.EINVALID, tt.field)
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestItemValidate(t *testing.T) {
	tests := []struct {
		name  string
		item  inventory.Item
		field string // "" for valid
	}{
		{"name only", inventory.Item{Name: "7-Zip"}, ""},
		{"cpe 2.3", inventory.Item{Name: "firefox", CPE: "cpe:2.3:a:mozilla:firefox:115.0:*:*:*:*:*:*:*"}, ""},
		{"cpe 2.2", inventory.Item{Name: "firefox", CPE: "cpe:/a:mozilla:firefox:115.0"}, ""},
		{"no name", inventory.Item{Version: "1"}, "name"},
		{"bad cpe", inventory.Item{Name: "firefox", CPE: "mozilla firefox"}, "cpe"},
		{"non-canonical purl", inventory.Item{Name: "django", PURL: "pkg:PYPI/Django@1"}, "purl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.item.Validate()
			if tt.field == "" {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			wantError(t, err, rollcall.EINVALID, tt.field)
		})
	}
}

func TestNormalizeKB(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"KB4012212", "KB4012212", true},
		{" kb4012212 ", "KB4012212", true},
		{"4012212", "KB4012212", true},
		{"KB", "", false},
		{"KBabc", "", false},
		{"MS17-010", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := inventory.NormalizeKB(tt.in)
			if (err == nil) != tt.ok || got != tt.want {
				t.Errorf("got %q, %v; want %q, ok=%v", got, err, tt.want, tt.ok)
			}
		})
	}
}

func TestSnapshotValidate(t *testing.T) {
	valid := func() inventory.Snapshot {
		return inventory.Snapshot{Source: "csv", Hosts: []inventory.Host{
			{Name: "WS-001", Updates: []string{"KB4012212"}, Software: []inventory.Item{{Name: "7-Zip"}}},
			{Name: "WS-002"},
		}}
	}
	tests := []struct {
		name   string
		change func(*inventory.Snapshot)
		code   string
		field  string
	}{
		{"valid", func(*inventory.Snapshot) {}, "", ""},
		{"unknown source", func(s *inventory.Snapshot) { s.Source = "excel" }, rollcall.EINVALID, "source"},
		{"no hosts", func(s *inventory.Snapshot) { s.Hosts = nil }, rollcall.EINVALID, "hosts"},
		{"host twice", func(s *inventory.Snapshot) { s.Hosts[1].Name = "ws-001" }, rollcall.EINVALID, "hosts[1].name"},
		{"bad update", func(s *inventory.Snapshot) { s.Hosts[0].Updates = []string{"kb1"} }, rollcall.EINVALID, "hosts[0].updates[0]"},
		{"bad item", func(s *inventory.Snapshot) { s.Hosts[0].Software[0].Name = "" }, rollcall.EINVALID, "hosts[0].software[0].name"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s := valid()
			tt.change(&s)
			err := s.Validate()
			if tt.code == "" {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				return
			}
			wantError(t, err, tt.code, tt.field)
		})
	}
}
