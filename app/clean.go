package app

import (
	"unsafe"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// clean makes what a source gave safe to print, once, as it arrives: an
// escape sequence in a title (OSC 52 writes the clipboard, ESC[2J clears
// the screen) or a file name becomes visible text in every format. Event
// text keeps its newlines and tabs; names, notes and messages are one line.
func clean(res *sources.Result) {
	// The occurrences of a series share their strings and their attendee
	// list: what was cleaned for the one before is not looked at again.
	var title, desc, place, cal, src memo
	var org personMemo
	done := map[*audit.Attendee]int{} // attendee lists cleaned (in place), by their first entry, with their length
	for i := range res.Events {
		e := &res.Events[i]
		e.Title = title.of(e.Title, audit.CleanText)
		e.Description = desc.of(e.Description, audit.CleanText)
		e.Location = place.of(e.Location, audit.CleanText)
		e.Calendar = cal.of(e.Calendar, audit.Printable)
		e.Organizer = org.of(e.Organizer)
		e.Source.Source = src.of(e.Source.Source, audit.Printable)
		if len(e.Attendees) == 0 {
			continue
		}
		if n, ok := done[&e.Attendees[0]]; ok && n >= len(e.Attendees) {
			continue // a list shared with an earlier occurrence, cleaned in place already
		}
		for j := range e.Attendees {
			e.Attendees[j].Person = cleanPerson(e.Attendees[j].Person)
		}
		done[&e.Attendees[0]] = len(e.Attendees)
	}
	for i := range res.Skipped {
		res.Skipped[i].Err = audit.Printable(res.Skipped[i].Err)
		res.Skipped[i].Source.Source = audit.Printable(res.Skipped[i].Source.Source)
	}
	for i := range res.Notes {
		res.Notes[i] = audit.Printable(res.Notes[i])
	}
}

// memo remembers strings cleaned, and their results, by identity: the same
// bytes at the same address are the same string. It is a small
// direct-mapped cache (no hashing of the text): the occurrences of a few
// hundred series, interleaved by start, mostly find their strings there.
type memo struct {
	slots *[4096]memoSlot
}

type memoSlot struct {
	p   *byte
	n   int
	out string
}

func (m *memo) of(s string, f func(string) string) string {
	if s == "" {
		return f(s)
	}
	if m.slots == nil {
		m.slots = new([4096]memoSlot)
	}
	p := unsafe.StringData(s)
	h := (uint64(uintptr(unsafe.Pointer(p))) + uint64(len(s))) * 0x9E3779B97F4A7C15 // Fibonacci hashing: the top bits
	slot := &m.slots[h>>(64-12)]
	if slot.p == p && slot.n == len(s) {
		return slot.out
	}
	*slot = memoSlot{p, len(s), f(s)}
	return slot.out
}

// person cleans a Person through two memos, its name's and its address's.
func (m *personMemo) of(p audit.Person) audit.Person {
	return audit.Person{Email: m.email.of(p.Email, audit.Printable), Name: m.name.of(p.Name, audit.Printable)}
}

type personMemo struct{ name, email memo }

func cleanPerson(p audit.Person) audit.Person {
	return audit.Person{Email: audit.Printable(p.Email), Name: audit.Printable(p.Name)}
}
