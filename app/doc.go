// Package app is timeaudit's application layer: the use cases the commands
// run, as plain functions over values.
//
//	Resolve   flags (a Selection) and the config -> an immutable Query
//	Open      command-line arguments -> sources, before anything is read
//	Fetch     sources -> events, read concurrently, errors in argument order
//	Build     fetched events -> one report; PerSource -> one per source
//	Audit     all of it for report, events and rules explain, with --compare
//	CompareRange, Check, OutputPath: --compare, --check and -o's placeholders
//
// It knows neither cobra nor the operating system (no os import; the
// architecture test holds it to that): the command layer parses flags, reads
// files and the environment, and hands in what it found. So every use case
// is tested here without a command line.
package app
