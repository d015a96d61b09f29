// Package sources defines how calendars reach timeaudit.
//
// # The contract
//
// A Source is one calendar input as the user named it: a file, stdin ("-"),
// later a URL or a Google calendar. Fetch returns its events:
//
//   - Every event that overlaps req.Range is returned exactly once (one
//     Event per occurrence of a recurring series). A source may return
//     events outside the range; the audit counts and drops them. The zero
//     Range asks for everything.
//   - Times are absolute instants. Floating times (no zone in the input)
//     and all-day dates are read in req.Location.
//   - Every event carries its Provenance (source name and line or record),
//     so that messages can point at it.
//   - A record that cannot be read fails Fetch with an *audit.Error of
//     kind KindInput naming the source, line, column and value, and
//     nothing else is returned;
//     with req.SkipInvalid the record is skipped instead and listed in
//     Result.Skipped. Records are never dropped silently.
//   - Whatever the source had to assume (a date order, an encoding) is said
//     in Result.Notes.
//   - A source that cannot be read whole (a calendar API) says so with a
//     method NeedsRange() bool; it is then never asked for the zero Range.
//   - Fetch honours ctx: when it is cancelled, Fetch returns ctx.Err().
//   - Fetch never panics, whatever the input.
//
// # Kinds and the registry
//
// A Kind knows how to recognise and open one kind of source. The CLI builds
// a Registry from an explicit list of kinds (no init-time registration);
// Registry.Open picks the kind for an argument from its form (extension,
// scheme) or, for stdin and unknown files, from its first bytes, unless the
// user forces one.
//
// Every kind runs the shared contract tests in package sourcetest.
package sources
