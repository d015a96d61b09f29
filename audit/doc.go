// Package audit is timeaudit's domain: calendar events, the range an audit
// covers, and the pure analysis that turns classified events into a Report.
//
// The package imports only the standard library. It performs no I/O, never
// reads the clock (callers pass "now" where a relative range needs it) and
// produces output in a deterministic order: nothing here ranges over a map
// into a result.
//
// The pipeline is
//
//	sources -> []Event -> Normalize (who am I?) -> Build (select, classify,
//	clip, total) -> Report -> render
//
// Sources fill Events; package rules supplies the Classifier; package
// render turns a Report into text.
package audit
