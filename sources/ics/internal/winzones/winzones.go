// Package winzones maps the time zone names Microsoft software writes into
// calendars (Windows ids such as "W. Europe Standard Time" and display names
// such as "(UTC+01:00) Amsterdam, Berlin, Bern, Rome, Stockholm, Vienna") to
// IANA names, from CLDR's windowsZones.xml.
package winzones

//go:generate go run gen.go

import (
	"regexp"
	"strings"

	"github.com/timeaudit/timeaudit/sources/ics/internal/winzones/norm"
)

// ByID returns the IANA name for a Windows time zone id.
func ByID(id string) (string, bool) {
	z, ok := byID[strings.TrimSpace(id)]
	return z, ok
}

var prefixRE = regexp.MustCompile(`^\s*\((?:UTC|GMT)\s*([+-]\d{1,2}(?::?\d{2})?)?\s*\)\s*`)

// ByDisplayName returns the IANA name for a Windows display name, with or
// without its "(UTC+hh:mm)" or older "(GMT+hh:mm)" prefix. When the name
// itself is unknown (Windows renames zones), a city in it that names an
// IANA zone is used: "Pacific Time (US & Canada), Tijuana" -> America/Tijuana.
func ByDisplayName(name string) (string, bool) {
	body := prefixRE.ReplaceAllString(name, "")
	if z, ok := byDisplay[norm.Name(body)]; ok {
		return z, true
	}
	for _, part := range strings.FieldsFunc(body, func(r rune) bool { return r == ',' || r == '/' || r == '(' || r == ')' }) {
		city := strings.ReplaceAll(strings.TrimSpace(norm.Name(part)), " ", "_")
		if city == "" {
			continue
		}
		for _, z := range ianaNames {
			if i := strings.LastIndexByte(z, '/'); i >= 0 && strings.EqualFold(z[i+1:], city) {
				return z, true
			}
		}
	}
	return "", false
}

// Offset returns the UTC offset a display name's prefix states, in seconds:
// "(UTC-05:00) ..." -> -18000.
func Offset(name string) (int, bool) {
	m := prefixRE.FindStringSubmatch(name)
	if m == nil || m[1] == "" {
		return 0, false
	}
	v := strings.ReplaceAll(m[1], ":", "")
	sign := 1
	if v[0] == '-' {
		sign = -1
	}
	v = v[1:]
	h, mm := v, "00"
	if len(v) > 2 {
		h, mm = v[:len(v)-2], v[len(v)-2:]
	}
	hours, minutes := atoi(h), atoi(mm)
	if hours < 0 || hours > 14 || minutes < 0 || minutes > 59 {
		return 0, false
	}
	return sign * (hours*3600 + minutes*60), true
}

func atoi(s string) int {
	n := 0
	for _, c := range s {
		if c < '0' || c > '9' {
			return -1
		}
		n = n*10 + int(c-'0')
	}
	return n
}
