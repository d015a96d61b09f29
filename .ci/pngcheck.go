//go:build ignore

// pngcheck fails when a screenshot is an empty page: run by .ci/run as
// "go run .ci/pngcheck.go shot.png". A rendered report has text and
// charts: a good share of pixels that are not background, in many colours.
package main

import (
	"fmt"
	"image/png"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: go run .ci/pngcheck.go FILE.png")
		os.Exit(2)
	}
	f, err := os.Open(os.Args[1])
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	defer f.Close()
	img, err := png.Decode(f)
	if err != nil {
		fmt.Fprintln(os.Stderr, os.Args[1]+":", err)
		os.Exit(1)
	}
	b := img.Bounds()
	total, ink := 0, 0
	colours := map[[3]uint32]bool{}
	for y := b.Min.Y; y < b.Max.Y; y++ {
		for x := b.Min.X; x < b.Max.X; x++ {
			r, g, bl, _ := img.At(x, y).RGBA()
			total++
			if r < 0xf000 || g < 0xf000 || bl < 0xf000 {
				ink++
			}
			if len(colours) < 10000 {
				colours[[3]uint32{r >> 12, g >> 12, bl >> 12}] = true
			}
		}
	}
	share := float64(ink) / float64(total)
	fmt.Printf("%s: %dx%d, %.1f%% ink, %d colours\n", os.Args[1], b.Dx(), b.Dy(), share*100, len(colours))
	if share < 0.02 || len(colours) < 16 {
		fmt.Fprintln(os.Stderr, "the page looks empty")
		os.Exit(1)
	}
}
