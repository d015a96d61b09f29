package csv

import (
	"bytes"
	"context"
	"fmt"
	"testing"
	"time"

	"github.com/timeaudit/timeaudit/sources"
)

// benchCSV is n generic rows, like a year of a manager's calendar.
func benchCSV(n int) []byte {
	var b bytes.Buffer
	b.WriteString("title,start,end,attendees,organizer,location,status,response\n")
	t := time.Date(2025, 1, 6, 9, 0, 0, 0, time.UTC)
	for i := 0; i < n; i++ {
		s := t.Add(time.Duration(i%8)*time.Hour + time.Duration(i/8)*24*time.Hour)
		fmt.Fprintf(&b, "Meeting %d with the team,%s,%s,me@corp.example;a%d@corp.example;b@corp.example,me@corp.example,Room %d,confirmed,accepted\n",
			i, s.Format("2006-01-02 15:04"), s.Add(30*time.Minute).Format("2006-01-02 15:04"), i%40, i%9)
	}
	return b.Bytes()
}

func BenchmarkFetch10k(b *testing.B) {
	data := benchCSV(10000)
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for i := 0; i < b.N; i++ {
		res, err := New("bench.csv", bytes.NewReader(data), Options{}).Fetch(context.Background(), sources.Request{Location: time.UTC})
		if err != nil || len(res.Events) != 10000 {
			b.Fatal(err)
		}
	}
}
