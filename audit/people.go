package audit

import (
	"slices"
	"strings"
	"time"
)

// GuestList says what a source knows of an event's invitation list.
type GuestList uint8

// What a source knows of the guests.
const (
	// GuestsUnknown: the source carries no attendee data (a title,duration
	// CSV, a CSV without an attendees column): meeting size is unknown.
	GuestsUnknown GuestList = iota
	// GuestsListed: the attendees given are all there are (none is none).
	GuestsListed
	// GuestsHidden: the organizer hid the guest list, or the source left it
	// out: the people count is unknown, and count rules do not match.
	GuestsHidden
)

// Relation is how a person on the roster relates to the user.
type Relation string

// The relations of the roster.
const (
	RelationReport  Relation = "report"  // a direct report: a weekly 1-on-1
	RelationSkip    Relation = "skip"    // a skip-level: one every six weeks
	RelationManager Relation = "manager" // the user's manager: every two weeks
	RelationPeer    Relation = "peer"    // a peer: no cadence unless one is given
)

// Relations lists the relations in the order reports use.
var Relations = []Relation{RelationReport, RelationSkip, RelationManager, RelationPeer}

// DefaultCadence is how often a relation meets 1-on-1 unless the roster
// says otherwise; 0 for none.
func (r Relation) DefaultCadence() time.Duration {
	switch r {
	case RelationReport:
		return 7 * 24 * time.Hour
	case RelationSkip:
		return 6 * 7 * 24 * time.Hour
	case RelationManager:
		return 2 * 7 * 24 * time.Hour
	}
	return 0
}

// Member is one person on the roster (the config's team:).
type Member struct {
	Email    string
	Name     string
	Relation Relation
	Cadence  time.Duration // 0: none expected
	Length   time.Duration // the expected length of a 1-on-1
	Line     int           // in the config, for messages
}

// Label is the member's name, else their address.
func (m Member) Label() string {
	if m.Name != "" {
		return m.Name
	}
	return m.Email
}

// Inside knows which addresses are the user's own organisation: those in
// its domains (subdomains included).
type Inside struct {
	Domains []string // lower-case, without "@"
}

// Known reports whether any domain is known, so that "external" means
// something.
func (in Inside) Known() bool { return len(in.Domains) > 0 }

// External reports whether an address is outside every domain; addresses
// without a domain are not.
func (in Inside) External(email string) bool {
	d := domainOf(email)
	if d == "" || !in.Known() {
		return false
	}
	for _, own := range in.Domains {
		if d == own || strings.HasSuffix(d, "."+own) {
			return false
		}
	}
	return true
}

// HasExternal reports whether anyone on e's invitation (organizer
// included, rooms not) is external.
func (in Inside) HasExternal(e *Event) bool {
	if !in.Known() {
		return false
	}
	if in.External(e.Organizer.Email) {
		return true
	}
	for i := range e.Attendees {
		if a := &e.Attendees[i]; !a.Resource && in.External(a.Email) {
			return true
		}
	}
	return false
}

// domainOf is the lower-case domain of an address, or "".
func domainOf(email string) string {
	at := strings.LastIndexByte(email, '@')
	if at < 0 || at == len(email)-1 {
		return ""
	}
	return strings.ToLower(strings.TrimSpace(email[at+1:]))
}

// DomainsOf are the domains of some addresses, in order, once each.
func DomainsOf(emails []string) []string {
	var out []string
	for _, e := range emails {
		if d := domainOf(e); d != "" && !slices.Contains(out, d) {
			out = append(out, d)
		}
	}
	return out
}

// DomainClassifier is a Classifier whose rules ask who is inside (the rules'
// external:). Build settles the domains (given, or those of the user) and
// classifies with the classifier ForInside returns.
type DomainClassifier interface {
	Classifier
	ForInside(in Inside) Classifier
}

// PeopleKnown reports whether e's people count can be trusted: its source
// lists its guests, and no one hid them.
func (e *Event) PeopleKnown() bool { return e.Guests == GuestsListed }
