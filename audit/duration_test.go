package audit

import (
	"testing"
	"time"
)

func TestParseDuration(t *testing.T) {
	tests := []struct {
		in      string
		want    time.Duration
		wantErr bool
	}{
		{in: "1:30", want: 90 * time.Minute},
		{in: "0:05", want: 5 * time.Minute},
		{in: "10:00", want: 10 * time.Hour},
		{in: "1:30:15", want: 90*time.Minute + 15*time.Second},
		{in: " 0:45 ", want: 45 * time.Minute},
		{in: "90", want: 90 * time.Minute},
		{in: "7.5", want: 7*time.Minute + 30*time.Second},
		{in: "90m", want: 90 * time.Minute},
		{in: "1h30m", want: 90 * time.Minute},
		{in: "1.5h", want: 90 * time.Minute},
		{in: "1h 30m", want: 90 * time.Minute},
		{in: "90 min", want: 90 * time.Minute},
		{in: "2 hours", want: 2 * time.Hour},
		{in: "6w", want: 42 * 24 * time.Hour},
		{in: "6 weeks", want: 42 * 24 * time.Hour},
		{in: "2d", want: 48 * time.Hour},
		{in: "1w2d3h", want: 9*24*time.Hour + 3*time.Hour},
		{in: "1.5d", want: 36 * time.Hour},
		{in: "w", wantErr: true},
		{in: "PT1H30M", want: 90 * time.Minute},
		{in: "pt45m", want: 45 * time.Minute},
		{in: "P1DT2H", want: 26 * time.Hour},
		{in: "PT0S", want: 0},
		{in: "1:5", wantErr: true},
		{in: "1:60", wantErr: true},
		{in: "1:30:00:00", wantErr: true},
		{in: ":30", wantErr: true},
		{in: "-1:00", wantErr: true},
		{in: "-30", wantErr: true},
		{in: "-5m", wantErr: true},
		{in: "NaN", wantErr: true},
		{in: "1e300", wantErr: true},
		{in: "P", wantErr: true},
		{in: "PT", wantErr: true},
		{in: "P1H", wantErr: true},
		{in: "soon", wantErr: true},
		{in: "", wantErr: true},
	}
	for _, tt := range tests {
		got, err := ParseDuration(tt.in)
		if tt.wantErr {
			if err == nil {
				t.Errorf("ParseDuration(%q) = %v, want an error", tt.in, got)
			}
			continue
		}
		if err != nil || got != tt.want {
			t.Errorf("ParseDuration(%q) = %v, %v; want %v", tt.in, got, err, tt.want)
		}
	}
}

func TestFormat(t *testing.T) {
	for _, tt := range []struct {
		d         time.Duration
		hm, short string
	}{
		{0, "0:00", "0m"},
		{5 * time.Minute, "0:05", "5m"},
		{90 * time.Minute, "1:30", "1h30m"},
		{2 * time.Hour, "2:00", "2h"},
		{30*time.Hour + 29*time.Second, "30:00", "30h"},
		{30*time.Hour + 30*time.Second, "30:01", "30h01m"},
	} {
		if got := FormatHM(tt.d); got != tt.hm {
			t.Errorf("FormatHM(%v) = %q, want %q", tt.d, got, tt.hm)
		}
		if got := FormatShort(tt.d); got != tt.short {
			t.Errorf("FormatShort(%v) = %q, want %q", tt.d, got, tt.short)
		}
	}
}

func FuzzParseDuration(f *testing.F) {
	for _, s := range []string{"1:30", "90", "1h30m", "PT1H30M", "P1DT2H", "2 hours", "1:30:15", "7.5"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d, err := ParseDuration(s)
		if err == nil && d < 0 {
			t.Errorf("ParseDuration(%q) = %v: negative", s, d)
		}
	})
}
