package main

import (
	"errors"
	"os"
	"os/exec"
	"runtime"
	"strings"
)

// openBrowser asks the desktop to open url: $BROWSER when set, else the
// platform's opener. Without a display it fails, and the caller prints the
// address instead.
func openBrowser(url string) error {
	if b := strings.TrimSpace(os.Getenv("BROWSER")); b != "" {
		fields := strings.Fields(b)
		return exec.Command(fields[0], append(fields[1:], url)...).Start()
	}
	var cmd *exec.Cmd
	switch runtime.GOOS {
	case "darwin":
		cmd = exec.Command("open", url)
	case "windows":
		cmd = exec.Command("rundll32", "url.dll,FileProtocolHandler", url)
	default:
		if os.Getenv("DISPLAY") == "" && os.Getenv("WAYLAND_DISPLAY") == "" {
			return errors.New("no display")
		}
		cmd = exec.Command("xdg-open", url)
	}
	return cmd.Start()
}
