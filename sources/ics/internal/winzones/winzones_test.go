package winzones

import (
	"testing"

	"github.com/timeaudit/timeaudit/sources/ics/internal/winzones/norm"
)

func TestByID(t *testing.T) {
	for id, want := range map[string]string{
		"W. Europe Standard Time":        "Europe/Berlin",
		"Pacific Standard Time":          "America/Los_Angeles",
		"GMT Standard Time":              "Europe/London",
		"New Zealand Standard Time":      "Pacific/Auckland",
		"Central European Standard Time": "Europe/Warsaw",
	} {
		if got, ok := ByID(id); !ok || got != want {
			t.Errorf("ByID(%q) = %q, %v; want %q", id, got, ok, want)
		}
	}
	if _, ok := ByID("Customized Time Zone"); ok {
		t.Error("an Outlook custom zone must not resolve by name")
	}
}

func TestByDisplayName(t *testing.T) {
	for name, want := range map[string]string{
		"(UTC-05:00) Eastern Time (US & Canada)":  "America/New_York",
		"(GMT+10:00) Canberra, Melbourne, Sydney": "Australia/Sydney",
		"Canberra, Melbourne, Sydney":             "Australia/Sydney",
		"Kuala Lumpur, Singapore":                 "Asia/Singapore",
		"(UTC-03:00) Brasília":                    "America/Sao_Paulo",
		"Pacific Time (US & Canada), Tijuana":     "America/Tijuana",
	} {
		if got, ok := ByDisplayName(name); !ok || got != want {
			t.Errorf("ByDisplayName(%q) = %q, %v; want %q", name, got, ok, want)
		}
	}
	if z, ok := ByDisplayName("Nowhere Standard Time"); ok {
		t.Errorf("an unknown name resolved to %s", z)
	}
}

func TestOffset(t *testing.T) {
	for name, want := range map[string]int{"(UTC-05:00) Eastern": -18000, "(GMT+10:00) Canberra": 36000, "(UTC+05:45) Kathmandu": 20700, "(UTC) Coordinated": 0} {
		got, ok := Offset(name)
		if name == "(UTC) Coordinated" {
			if ok {
				t.Errorf("Offset(%q) = %d without an offset", name, got)
			}
			continue
		}
		if !ok || got != want {
			t.Errorf("Offset(%q) = %d, %v; want %d", name, got, ok, want)
		}
	}
}

// The map's keys are normalised names.
func TestKeysNormalized(t *testing.T) {
	for k := range byDisplay {
		if norm.Name(k) != k {
			t.Errorf("key %q is not normalised", k)
		}
	}
}
