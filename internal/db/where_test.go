package db_test

import (
	"slices"
	"testing"

	"github.com/gemeenten/loket/internal/db"
)

func TestWhereNumbersArgumentsInOrderAndSkipsEmptyFilters(t *testing.T) {
	var w db.Where
	if got := w.String(); got != "" {
		t.Fatalf("empty Where = %q, want \"\"", got)
	}
	w.Eq("a", "x")
	w.Eq("b", "")
	w.And("c >= " + w.Arg(3))
	w.And("lock = ''")
	if got, want := w.String(), " WHERE a = $1 AND c >= $2 AND lock = ''"; got != want {
		t.Fatalf("String() = %q, want %q", got, want)
	}
	if got := w.Arg(100); got != "$3" {
		t.Fatalf("next Arg = %q, want $3", got)
	}
	if got, want := w.Args(), []any{"x", 3, 100}; !slices.Equal(got, want) {
		t.Fatalf("Args() = %v, want %v", got, want)
	}
}
