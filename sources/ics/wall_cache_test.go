package ics

import (
	"math/rand/v2"
	"testing"
	"time"
)

// The zone cache places every wall clock where instantAt does: walks of a
// series (steps of hours to weeks) through DST changes, gaps and folds, in
// zones with odd rules.
func TestZoneCache(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 5))
	for _, name := range []string{"Europe/Berlin", "America/New_York", "Australia/Lord_Howe", "Pacific/Apia", "Asia/Kolkata", "America/Sao_Paulo", "Africa/Casablanca", "UTC"} {
		loc, err := time.LoadLocation(name)
		if err != nil {
			t.Fatal(err)
		}
		for walk := 0; walk < 200; walk++ {
			zc := newZoneCache(loc)
			w := time.Date(1990+rng.IntN(45), time.Month(1+rng.IntN(12)), 1+rng.IntN(28), rng.IntN(24), rng.IntN(4)*15, 0, 0, time.UTC)
			step := []time.Duration{time.Hour, 30 * time.Minute, 24 * time.Hour, 7 * 24 * time.Hour, 13 * time.Hour}[rng.IntN(5)]
			for i := 0; i < 400; i++ {
				want := instantAt(w, loc)
				if got := zc.at(w); !got.Equal(want) || got.Location() != want.Location() {
					t.Fatalf("%s: wall %s: cache %s, instantAt %s", name, w, got, want)
				}
				n := nominal{days: rng.IntN(2), exact: time.Duration(rng.IntN(5)) * 30 * time.Minute}
				if got, want := zc.end(n, w), n.end(w, loc); !got.Equal(want) {
					t.Fatalf("%s: end of %v from %s: cache %s, nominal %s", name, n, w, got, want)
				}
				w = w.Add(step)
			}
		}
	}
}
