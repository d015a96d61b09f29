package csv

// sniffDelimiter picks the separator of the header line: comma, semicolon
// (Excel in locales with a decimal comma) or tab, counting outside quotes.
func sniffDelimiter(text string) rune {
	inQuote := false
	counts := map[rune]int{}
	for _, r := range text {
		if r == '"' {
			inQuote = !inQuote
			continue
		}
		if inQuote {
			continue
		}
		if r == '\n' {
			break
		}
		switch r {
		case ',', ';', '\t':
			counts[r]++
		}
	}
	best := ','
	for _, r := range []rune{';', '\t'} {
		if counts[r] > counts[best] {
			best = r
		}
	}
	return best
}
