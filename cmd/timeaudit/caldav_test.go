package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/timeaudit/timeaudit/audit"
)

// The CalDAV password comes from a command, a 0600 file or the
// environment, without a prompt; a file others can read is refused; the
// password never shows in an error.
func TestCalDAVPassword(t *testing.T) {
	dir := t.TempDir()
	good := filepath.Join(dir, "pw")
	os.WriteFile(good, []byte("s3cret\n"), 0o600)
	open := filepath.Join(dir, "open")
	os.WriteFile(open, []byte("s3cret\n"), 0o644)
	f := testFactory(t)
	f.getenv = func(k string) string {
		if k == envCalDAVPassword {
			return "from-env"
		}
		return ""
	}
	tests := []struct {
		name    string
		flags   caldavFlags
		want    string
		wantErr string
	}{
		{"environment", caldavFlags{}, "from-env", ""},
		{"file", caldavFlags{PasswordFile: good}, "s3cret", ""},
		{"file others can read", caldavFlags{PasswordFile: open}, "", "can be read by others (mode 0644): chmod 600"},
		{"no file", caldavFlags{PasswordFile: filepath.Join(dir, "none")}, "", "none"},
		{"command", caldavFlags{PasswordCommand: "printf 'hunter2\\nignored\\n'"}, "hunter2", ""},
		{"failing command", caldavFlags{PasswordCommand: "echo oops >&2; exit 3"}, "", "failed: exit status 3: oops"},
		{"silent command", caldavFlags{PasswordCommand: "true"}, "", "printed no password"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := f.caldavPassword(&tt.flags)
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), tt.wantErr) || strings.Contains(err.Error(), "s3cret") {
					t.Fatalf("error %v, want %q", err, tt.wantErr)
				}
				return
			}
			if err != nil || got != tt.want {
				t.Errorf("got %q, %v; want %q", got, err, tt.want)
			}
		})
	}
	if _, err := f.caldavOptions(&caldavFlags{PasswordFile: good, PasswordCommand: "true"}, false, 0); err == nil || audit.KindOf(err) != audit.KindUsage {
		t.Errorf("two sources of a password: %v", err)
	}
	_, errOut, code := runCLI(t, testEnv{}, "caldav", "calendars")
	if code != exitUsage || !strings.Contains(errOut, "name the server") {
		t.Errorf("caldav calendars without a server: exit %d: %s", code, errOut)
	}
}
