package render

import (
	"math/rand"
	"testing"
	"time"
)

// stamps writes what AppendFormat(time.RFC3339) writes: in order and out
// of order, across days, DST changes both ways, zones with odd offsets,
// around midnight and the years it leaves to AppendFormat.
func TestStamps(t *testing.T) {
	var zones []*time.Location
	for _, name := range []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu", "America/St_Johns", "Pacific/Apia", "Africa/Casablanca", "Europe/Dublin"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		zones = append(zones, loc)
	}
	zones = append(zones, time.FixedZone("", -(3*3600+30*60+17)), time.FixedZone("X", 14*3600))
	rng := rand.New(rand.NewSource(1))
	check := func(s *stamps, tm time.Time) {
		t.Helper()
		if got, want := string(s.append(nil, tm)), tm.Format(time.RFC3339); got != want {
			t.Fatalf("%v (%s): %s, want %s", tm, tm.Location(), got, want)
		}
	}
	for _, loc := range zones {
		var s stamps
		// Every quarter hour across two years, in order: each DST change.
		for tm := time.Date(2025, 1, 1, 0, 0, 0, 0, loc); tm.Year() < 2027; tm = tm.Add(15*time.Minute + time.Second) {
			check(&s, tm)
		}
		// Random instants, out of order, some with nanoseconds, and some
		// near year 0 and 9999 and beyond.
		for range 20000 {
			sec := rng.Int63n(400*365*86400) - 200*365*86400 + time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC).Unix()
			check(&s, time.Unix(sec, rng.Int63n(1e9)).In(loc))
		}
		for _, sec := range []int64{-62135596800 - 1, -62135596800, 253402300799, 253402300800, -1, 0, 1} {
			check(&s, time.Unix(sec, 0).In(loc))
		}
	}
}

func FuzzStamps(f *testing.F) {
	f.Add(int64(0), int64(1), uint8(0))
	f.Add(int64(1742695200), int64(1742695200+3600), uint8(1))
	names := []string{"UTC", "Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Asia/Kathmandu"}
	f.Fuzz(func(t *testing.T, a, b int64, z uint8) {
		loc, err := time.LoadLocation(names[int(z)%len(names)])
		if err != nil {
			t.Fatal(err)
		}
		var s stamps
		for _, sec := range []int64{a, b, a} {
			tm := time.Unix(sec, 0).In(loc)
			if got, want := string(s.append(nil, tm)), tm.Format(time.RFC3339); got != want {
				t.Fatalf("%d in %s: %s, want %s", sec, loc, got, want)
			}
		}
	})
}

// appendMinutes writes what minutesText writes.
func TestAppendMinutes(t *testing.T) {
	for _, d := range []time.Duration{0, time.Minute, 30 * time.Minute, 90*time.Minute + 30*time.Second, time.Second, 25 * time.Hour, 1<<53 - 1, 1 << 60, -time.Minute, -90 * time.Second, 7 * 24 * time.Hour * 52 * 200} {
		if got, want := string(appendMinutes(nil, d)), minutesText(d); got != want {
			t.Errorf("appendMinutes(%v) = %s, want %s", d, got, want)
		}
	}
}
