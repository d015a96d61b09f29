package app

import (
	"fmt"
	"strings"

	"github.com/timeaudit/timeaudit/audit"
	"github.com/timeaudit/timeaudit/render"
)

// Check turns missed targets into an error of kind KindCheck (exit status
// 3): those of the report, or with one report per source, of each source,
// named by it.
func Check(reports []render.Named) error {
	var missed []string
	total := 0
	for _, n := range reports {
		if n.Report.Analysis == nil {
			continue
		}
		for _, t := range n.Report.Analysis.Targets {
			total++
			if !t.OK {
				name := t.Name()
				if n.Name != "" {
					name = n.Name + ": " + name
				}
				missed = append(missed, name)
			}
		}
	}
	if len(missed) == 0 {
		return nil
	}
	return &audit.Error{Kind: audit.KindCheck, Msg: fmt.Sprintf("%d of %d targets missed: %s", len(missed), total, strings.Join(missed, ", "))}
}
