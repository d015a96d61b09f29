package ics

import (
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	ical "github.com/emersion/go-ical"
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources/ics/internal/winzones"

	_ "time/tzdata" // the zone database travels with the binary
)

// zones resolves TZIDs for one source. A TZID is, in this order: an IANA
// name ("Europe/Berlin", also legacy "US-Eastern"); a Windows id ("W. Europe
// Standard Time", via CLDR); a prefixed IANA name
// ("/mozilla.org/20050126_1/America/New_York"); the zone the file's own
// VTIMEZONE defines ("Customized Time Zone"); a Windows display name
// ("(UTC-05:00) Eastern Time (US & Canada)"), by its name or a city in it;
// a fixed offset from such a name's "(UTC-05:00)" prefix. Anything else is
// an error. The last two are guesses, and said in a note.
type zones struct {
	mu    sync.Mutex                 // events are read in parallel
	defs  map[string]*ical.Component // VTIMEZONE by normalised TZID, from every calendar read so far
	cache map[string]zoneResult
	notes []string
}

type zoneResult struct {
	loc   *time.Location
	guess string
	err   error
}

func newZones() *zones {
	return &zones{defs: map[string]*ical.Component{}, cache: map[string]zoneResult{}}
}

// normTZID undoes the quoting and escaping seen in TZIDs: surrounding
// quotes, "\," for ",".
func normTZID(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && s[0] == '"' && s[len(s)-1] == '"' {
		s = s[1 : len(s)-1]
	}
	return strings.TrimSpace(tzidText.Replace(s))
}

var tzidText = strings.NewReplacer(`\,`, ",", `\;`, ";", `\\`, `\`)

// define records a VTIMEZONE; the first definition of a TZID wins.
func (z *zones) define(comp *ical.Component) {
	p := comp.Props.Get("TZID")
	if p == nil {
		return
	}
	id := normTZID(p.Value)
	if _, ok := z.defs[id]; !ok && id != "" {
		z.defs[id] = comp
	}
}

// resolve finds the zone a TZID names. A TZID nothing defines is read in
// the file's only VTIMEZONE when it has exactly one, else as floating time
// (loc nil); guess then says which, for the event's note.
func (z *zones) resolve(tzid string) (loc *time.Location, guess string, err error) {
	z.mu.Lock()
	defer z.mu.Unlock()
	id := normTZID(tzid)
	if r, ok := z.cache[id]; ok {
		return r.loc, r.guess, r.err
	}
	loc, err = z.lookup(id)
	if errors.Is(err, errUndefinedZone) {
		loc, guess, err = nil, guessFloating, nil
		if len(z.defs) == 1 {
			for only, def := range z.defs {
				if l, e := vtimezoneLocation(only, def); e == nil {
					loc, guess = l, fmt.Sprintf("the file's only VTIMEZONE, %s", audit.Quote(only))
				}
			}
		}
	}
	z.cache[id] = zoneResult{loc, guess, err}
	return loc, guess, err
}

// errUndefinedZone is a TZID no zone database and no VTIMEZONE defines.
var errUndefinedZone = errors.New("undefined time zone")

func (z *zones) lookup(id string) (*time.Location, error) {
	if id == "" {
		return nil, errUndefinedZone
	}
	if iana(id) {
		if loc, err := time.LoadLocation(id); err == nil {
			return loc, nil
		}
		if loc, err := time.LoadLocation(strings.ReplaceAll(id, "-", "/")); err == nil { // US-Eastern
			return loc, nil
		}
	}
	if name, ok := winzones.ByID(id); ok {
		if loc, err := time.LoadLocation(name); err == nil {
			return loc, nil
		}
	}
	if parts := strings.Split(strings.Trim(id, "/"), "/"); len(parts) > 2 {
		for n := 3; n >= 2; n-- {
			if n <= len(parts)-1 {
				if name := strings.Join(parts[len(parts)-n:], "/"); iana(name) {
					if loc, err := time.LoadLocation(name); err == nil {
						return loc, nil
					}
				}
			}
		}
	}
	if def, ok := z.defs[id]; ok {
		loc, err := vtimezoneLocation(id, def)
		if err != nil {
			return nil, fmt.Errorf("the file's VTIMEZONE %s cannot be used: %v", audit.Quote(id), err)
		}
		return loc, nil
	}
	if name, ok := winzones.ByDisplayName(id); ok {
		if loc, err := time.LoadLocation(name); err == nil {
			z.notes = append(z.notes, fmt.Sprintf("time zone %s is not defined in the file: read as %s", audit.Quote(id), name))
			return loc, nil
		}
	}
	if off, ok := winzones.Offset(id); ok {
		z.notes = append(z.notes, fmt.Sprintf("time zone %s is not defined in the file: read as a fixed UTC offset of %s, without daylight saving time", audit.Quote(id), offsetName(off)))
		return time.FixedZone(offsetName(off), off), nil
	}
	return nil, errUndefinedZone
}

// iana reports whether a name could be an IANA zone name (LoadLocation
// reads files, so only plausible names are tried).
func iana(name string) bool {
	if name == "" || len(name) > 64 || strings.Contains(name, "..") {
		return false
	}
	for _, r := range name {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '/' || r == '_' || r == '-' || r == '+') {
			return false
		}
	}
	return true
}
