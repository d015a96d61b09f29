// Package rules turns a YAML config into an audit.Classifier that returns,
// for every event, the category and the rule that chose it.
//
// Categories are tried in order and the first match wins. A category
// matches when any of its alternatives holds; an alternative holds when all
// of its fields do. default.yaml (embedded, and written by
// `timeaudit rules init`) documents every field.
//
// The package does no I/O: Parse takes the file's bytes and its name for
// messages. Every error names the config line.
package rules
