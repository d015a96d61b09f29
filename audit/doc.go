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
//	sources -> []Event -> Build (who am I, select, classify, clip, total,
//	Analyze) -> Report -> render
//
// Sources fill Events; package rules supplies the Classifier; package app
// runs the pipeline for the commands; package render turns a Report into
// text. Errors of every layer are an Error with a kind, which the command
// maps to its exit status.
package audit
