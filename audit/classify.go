package audit

// Kind says what a category's time is, which decides how later analyses
// treat it.
type Kind string

// Category kinds.
const (
	KindMeeting  Kind = "meeting"  // time with others; the default
	KindFocus    Kind = "focus"    // the user's own focus time
	KindBuffer   Kind = "buffer"   // the user's own slack between meetings
	KindPersonal Kind = "personal" // blocks the time, but is not a meeting
	KindAway     Kind = "away"     // out of office: not working time
	KindIgnore   Kind = "ignore"   // left out of the audit entirely
	// KindBusy is the time of events whose details the calendar hides: it
	// blocks the time, but whether it is a meeting is unknown. Only the
	// audit gives it (to BusyCategory); rules cannot.
	KindBusy Kind = "busy"
)

// Kinds lists every kind a rule can give, in documentation order.
var Kinds = []Kind{KindMeeting, KindFocus, KindBuffer, KindPersonal, KindAway, KindIgnore}

// BusyCategory holds the events whose details the calendar hides (see
// Event.DetailsHidden): they are not classified by title.
var BusyCategory = Category{Name: "Busy (details hidden)", Kind: KindBusy}

// busyMatch is the verdict on an event whose details are hidden.
var busyMatch = Match{Category: BusyCategory.Name, Kind: KindBusy, Rule: "details-hidden",
	Why: "the calendar shows only that this time is busy (shared free/busy only, or a private event): no title to classify"}

// Blocks reports whether time of this kind is taken, so that it is not
// free for focus or buffers: meetings, personal blocks, away, busy.
func (k Kind) Blocks() bool {
	return k == KindMeeting || k == KindPersonal || k == KindAway || k == KindBusy
}

// Category is a named bucket of time.
type Category struct {
	Name string
	Kind Kind
}

// Match is a classifier's verdict on one event: the category and the rule
// that chose it.
type Match struct {
	Category string
	Kind     Kind
	// Rule identifies the rule that matched, e.g. "1-on-1s#2" for the
	// category's second alternative; empty when the event fell to the default.
	Rule string
	// Why says what matched, e.g. `title contains "1:1"`; for the default
	// category it says that nothing did.
	Why string
}

// Default reports whether no rule matched and the event fell to the default category.
func (m Match) Default() bool { return m.Rule == "" }

// Classifier puts events into categories. Package rules implements it from
// a YAML config.
type Classifier interface {
	// Classify returns the verdict for e. It must not modify e, and must be
	// safe to call from several goroutines.
	Classify(e *Event) Match
	// Categories lists every category in declaration order, the default last.
	Categories() []Category
}
