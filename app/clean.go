package app

import (
	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/sources"
)

// clean makes what a source gave safe to print, once, as it arrives: an
// escape sequence in a title (OSC 52 writes the clipboard, ESC[2J clears
// the screen) or a file name becomes visible text in every format. Event
// text keeps its newlines and tabs; names, notes and messages are one line.
func clean(res *sources.Result) {
	for i := range res.Events {
		e := &res.Events[i]
		e.Title = audit.CleanText(e.Title)
		e.Description = audit.CleanText(e.Description)
		e.Location = audit.CleanText(e.Location)
		e.Calendar = audit.Printable(e.Calendar)
		e.Organizer = cleanPerson(e.Organizer)
		e.Source.Source = audit.Printable(e.Source.Source)
		for j := range e.Attendees {
			e.Attendees[j].Person = cleanPerson(e.Attendees[j].Person)
		}
	}
	for i := range res.Skipped {
		res.Skipped[i].Err = audit.Printable(res.Skipped[i].Err)
		res.Skipped[i].Source.Source = audit.Printable(res.Skipped[i].Source.Source)
	}
	for i := range res.Notes {
		res.Notes[i] = audit.Printable(res.Notes[i])
	}
}

func cleanPerson(p audit.Person) audit.Person {
	return audit.Person{Email: audit.Printable(p.Email), Name: audit.Printable(p.Name)}
}
