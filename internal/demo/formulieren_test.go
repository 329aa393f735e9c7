package demo_test

import (
	"testing"

	"github.com/gemeenten/loket/internal/demo"
)

// Every demo form must pass the checks a beheerder's form passes.
func TestDemoFormsAreValid(t *testing.T) {
	ids := map[string]bool{}
	for _, zt := range demo.ZaakTypen() {
		ids[zt.Identificatie] = true
	}
	for _, f := range demo.Formulieren() {
		if err := f.Definitie.Check(); err != nil {
			t.Errorf("%s: %v", f.Slug, err)
		}
		if !ids[f.ZaaktypeIdentificatie] {
			t.Errorf("%s: no zaaktype %s in the demo catalogue", f.Slug, f.ZaaktypeIdentificatie)
		}
	}
}
