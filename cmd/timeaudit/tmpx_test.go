package main

import "testing"

func BenchmarkTmpExport(b *testing.B) {
	benchCLI(b, "report", "/tmp/w/export.ics", "--tz", "UTC", "-f", "json", "-q")
}
