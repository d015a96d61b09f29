package csv

import (
	"strings"

	"github.com/timeaudit/timeaudit/audit"
)

// splitPeople splits an attendee list on ";" (Outlook) or, when the list
// has no ";", on ",", never inside quotes or <...>.
func splitPeople(s string) []string {
	sep := ','
	if strings.ContainsRune(s, ';') {
		sep = ';'
	}
	var out []string
	start, inQuote, inAngle := 0, false, false
	for i, r := range s {
		switch {
		case r == '"':
			inQuote = !inQuote
		case r == '<' && !inQuote:
			inAngle = true
		case r == '>' && !inQuote:
			inAngle = false
		case r == sep && !inQuote && !inAngle:
			out = append(out, s[start:i])
			start = i + 1
		}
	}
	out = append(out, s[start:])
	return out
}

// parsePerson reads "Name <email>", "email", "mailto:email" or a bare name.
func parsePerson(s string) audit.Person {
	s = strings.TrimSpace(s)
	if lt := strings.LastIndexByte(s, '<'); lt >= 0 && strings.HasSuffix(s, ">") {
		return audit.Person{
			Name:  unquote(s[:lt]),
			Email: trimMailto(strings.TrimSpace(s[lt+1 : len(s)-1])),
		}
	}
	s = unquote(s)
	if e := trimMailto(s); strings.Contains(e, "@") && !strings.ContainsAny(e, " \t") {
		return audit.Person{Email: e}
	}
	return audit.Person{Name: s}
}

func parsePeople(s string, optional bool) []audit.Attendee {
	if strings.TrimSpace(s) == "" {
		return nil
	}
	var out []audit.Attendee
	for _, part := range splitPeople(s) {
		p := parsePerson(part)
		if p.IsZero() {
			continue
		}
		out = append(out, audit.Attendee{Person: p, Optional: optional})
	}
	return out
}

func unquote(s string) string {
	s = strings.TrimSpace(s)
	if len(s) >= 2 && (s[0] == '"' && s[len(s)-1] == '"' || s[0] == '\'' && s[len(s)-1] == '\'') {
		s = strings.TrimSpace(s[1 : len(s)-1])
	}
	return s
}

func trimMailto(s string) string {
	if len(s) >= 7 && strings.EqualFold(s[:7], "mailto:") {
		return s[7:]
	}
	return s
}
